{#-
    How an xAPI actor is looked up in int_identities_resolved: mbox as an
    e-mail address, account.name as the employee id (the LMS provisions
    accounts with it), mbox_sha1sum as is, anything else (openid) under its
    own type, which HR cannot match. Used by every model that resolves xAPI
    actors, so they all join the same way.
-#}
{% macro lrs_identifier_type(alias) -%}
    case {{ alias }}.actor_ifi_type
        when 'mbox' then 'email_address'
        when 'account' then 'employee_id'
        else {{ alias }}.actor_ifi_type
    end
{%- endmacro %}

{% macro lrs_identifier(alias) -%}
    case {{ alias }}.actor_ifi_type
        when 'mbox' then {{ alias }}.actor_email_normalized
        when 'mbox_sha1sum' then {{ alias }}.actor_mbox_sha1sum
        when 'account' then {{ alias }}.actor_account_name
        else {{ alias }}.actor_ifi_value
    end
{%- endmacro %}
