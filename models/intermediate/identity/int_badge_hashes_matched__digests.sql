-- Each Open Badges recipient hash observed (identifier and salt, once),
-- split into its algorithm (sha256 or md5; null for any other prefix) and
-- hex digest, so int_badge_hashes_matched compares digests without building
-- '<algorithm>$' || hex for each of the billions of hashes it tries.
{{ config(materialized='ephemeral') }}

with

observed as (
    select * from {{ ref('int_identifiers_observed') }}
),

badges as (
    select distinct
        identifier,
        salt
    from observed
    where identifier_type = 'salted_email_hash'
),

badge_digests as (
    select
        identifier,
        salt,
        case
            when left(identifier, 7) = 'sha256$' then 'sha256'
            when left(identifier, 4) = 'md5$' then 'md5'
        end as algorithm,
        case
            when left(identifier, 7) = 'sha256$' then substring(identifier, 8)
            when left(identifier, 4) = 'md5$' then substring(identifier, 5)
        end as digest
    from badges
),

final as (
    select * from badge_digests
)

select * from final
