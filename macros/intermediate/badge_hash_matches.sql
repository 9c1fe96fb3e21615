{#-
    The badges that (e-mail, algorithm, salt) rows hash to, as (identifier,
    salt, email): each row of `inputs` (a CTE with email, algorithm, salt)
    hashed once and compared with the digests of `badge_digests` (a CTE as
    int_badge_hashes_matched__digests) of the same algorithm and salt.
-#}
{% macro badge_hash_matches(inputs, badge_digests) -%}
    select
        {{ badge_digests }}.identifier,
        {{ badge_digests }}.salt,
        hashed.email
    from (
        select
            email,
            algorithm,
            salt,
            {{ badge_identity_digest('algorithm', 'email', 'salt') }} as digest
        from {{ inputs }}
    ) as hashed
    inner join {{ badge_digests }}
        on
            hashed.digest = {{ badge_digests }}.digest
            and hashed.algorithm = {{ badge_digests }}.algorithm
            and hashed.salt is not distinct from {{ badge_digests }}.salt
{%- endmacro %}
