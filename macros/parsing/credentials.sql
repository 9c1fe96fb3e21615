{#-
    Open Badges DateTime text -> UTC timestamp, or null when unreadable.

    Open Badges 2.0 allows "either an ISO 8601 date or a standard 10-digit
    Unix timestamp" for issuedOn and expires; 3.0 (validFrom, validUntil)
    uses ISO 8601 only. Both forms are read here; ISO text goes through
    iso_timestamp_utc, so its rules (offsets, '-00:00') apply.
-#}
{% macro ob_datetime_utc(expr) -%}
    {{ return(adapter.dispatch('ob_datetime_utc', 'certgap')(expr)) }}
{%- endmacro %}

{#- Engines without a variant read the ISO form only. -#}
{% macro default__ob_datetime_utc(expr) -%}
    {{ iso_timestamp_utc(expr) }}
{%- endmacro %}

{% macro duckdb__ob_datetime_utc(expr) -%}
    case
        when regexp_full_match(trim({{ expr }}), '[0-9]{9,10}')
            then timezone(
                'UTC', to_timestamp(cast(trim({{ expr }}) as bigint))
            )
        else {{ iso_timestamp_utc(expr) }}
    end
{%- endmacro %}

{#- Session time zone is UTC (profiles.yml). Not yet run on Spark. -#}
{% macro spark__ob_datetime_utc(expr) -%}
    case
        when trim({{ expr }}) rlike '^[0-9]{9,10}$'
            then timestamp_seconds(cast(trim({{ expr }}) as bigint))
        else {{ iso_timestamp_utc(expr) }}
    end
{%- endmacro %}

{#-
    True when an Open Badges IdentityHash is well formed: 'sha256$' and 64
    hex digits, or 'md5$' and 32 (OB 2.0 and 3.0 allow only these two), in
    any case. A hash that is not can never match anyone: it is rejected.
-#}
{% macro ob_identity_hash_is_valid(expr) -%}
    {{ return(adapter.dispatch('ob_identity_hash_is_valid', 'certgap')(expr)) }}
{%- endmacro %}

{% macro duckdb__ob_identity_hash_is_valid(expr) -%}
    coalesce(regexp_full_match(
        lower(trim({{ expr }})), '(sha256[$][0-9a-f]{64}|md5[$][0-9a-f]{32})'
    ), false)
{%- endmacro %}

{% macro spark__ob_identity_hash_is_valid(expr) -%}
    coalesce(
        lower(trim({{ expr }}))
        rlike '^(sha256[$][0-9a-f]{64}|md5[$][0-9a-f]{32})$',
        false
    )
{%- endmacro %}

{#-
    The identity-resolution type of an Open Badges recipient. Only e-mail
    identities can match HR: 'email_address', or 'salted_email_hash' when
    hashed (the salt may be absent). Anything else keeps its own type, so it
    shows in audit_identity_unmatched as what it is, never as an e-mail: a
    3.0 credentialSubject.id ('did' for a DID, else 'subject_id'), a 3.0
    identityType in snake case (sourcedId -> 'sourced_id'), a 2.0 recipient
    type ('url', 'telephone'); '_hash' appended when hashed.
    `recipient_type` is 'email' (2.0 email, 3.0 emailAddress), 'id' (the
    3.0 subject id) or the type as exported.
-#}
{% macro ob_identifier_type(recipient_type, identity, is_hashed) -%}
    case
        when {{ recipient_type }} = 'email' and {{ is_hashed }}
            then 'salted_email_hash'
        when {{ recipient_type }} = 'email' then 'email_address'
        when {{ recipient_type }} = 'id' and lower({{ identity }}) like 'did:%'
            then 'did'
        when {{ recipient_type }} = 'id' then 'subject_id'
        else
            case lower({{ recipient_type }})
                when 'sourcedid' then 'sourced_id'
                when 'systemid' then 'system_id'
                when 'productid' then 'product_id'
                when 'username' then 'user_name'
                when 'accountid' then 'account_id'
                when 'nationalidentitynumber' then 'national_identity_number'
                when 'issuerid' then 'issuer_id'
                when 'studentid' then 'student_id'
                when 'teacherid' then 'teacher_id'
                when 'lissourcedid' then 'lis_sourced_id'
                else lower({{ recipient_type }})
            end
            || case when {{ is_hashed }} then '_hash' else '' end
    end
{%- endmacro %}
