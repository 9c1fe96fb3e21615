-- One row per credential award held by an employee, from Open Badges (2.0
-- and 3.0) and Credly. Assessment-backed = the badge carries evidence, or it
-- is a vendor certification issued through Credly. program_id links a
-- credential to the program that leads to it (programs seed).
with

open_badges as (
    select * from {{ ref('stg_open_badges__credentials') }}
),

credly as (
    select * from {{ ref('stg_credly__issued_badges') }}
),

identities as (
    select * from {{ ref('int_identities_resolved') }}
),

programs as (
    select * from {{ ref('programs') }}
),

badge_awards as (
    select
        identities.employee_id,
        'open_badges' as credential_source,
        open_badges.credential_id,
        open_badges.credential_name,
        open_badges.issuer_name,
        open_badges.is_assessment_backed,
        open_badges.issued_at,
        open_badges.expires_at,
        open_badges.is_revoked
    from open_badges
    inner join identities
        on
            identities.source_system = 'open_badges'
            and open_badges.recipient_identity_normalized
            = identities.identifier
            and open_badges.recipient_identifier_type
            = identities.identifier_type
            and coalesce(identities.salt, '') = case
                when open_badges.is_recipient_hashed
                    then coalesce(open_badges.recipient_salt, '')
                else ''
            end
),

credly_awards as (
    select
        identities.employee_id,
        'credly' as credential_source,
        credly.badge_id as credential_id,
        credly.badge_template_name as credential_name,
        credly.issuer_name,
        credly.is_assessment_backed,
        credly.issued_at,
        credly.expires_at,
        coalesce(credly.badge_state = 'revoked', false) as is_revoked
    from credly
    inner join identities
        on
            identities.source_system = 'credly'
            and identities.identifier_type = 'email_address'
            and credly.recipient_email_normalized = identities.identifier
),

awards as (
    select * from badge_awards
    union all
    select * from credly_awards
),

final as (
    select
        awards.employee_id,
        awards.credential_source,
        awards.credential_id,
        awards.credential_name,
        programs.program_id,
        awards.issuer_name,
        awards.is_assessment_backed,
        awards.issued_at,
        awards.expires_at,
        awards.is_revoked
    from awards
    left join programs
        on awards.credential_name = programs.credential_name
)

select * from final
