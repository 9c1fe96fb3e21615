{#-
    How an xAPI actor row of stg_lrs__statements is looked up in
    int_identities_resolved. Used by every model that resolves xAPI actors,
    so they all join the same way.

      mbox          its e-mail address (email_address)
      mbox_sha1sum  as is
      account       xapi_account '<homePage>|<name>': what the name means is
                    declared per homePage (seed identity_account_systems,
                    int_account_identifiers_translated); never read as an
                    employee id because it looks like one
      openid        under its own type, which HR cannot match
    The actor of a statement whose Group lists no members is the Group
    itself: xapi_group, a Group's identifier, never a person.
-#}
{% macro lrs_identifier_type(alias) -%}
    case
        when
            {{ alias }}.actor_object_type = 'Group'
            and not {{ alias }}.is_group_member
            then 'xapi_group'
        when {{ alias }}.actor_ifi_type = 'mbox' then 'email_address'
        when {{ alias }}.actor_ifi_type = 'account' then 'xapi_account'
        else {{ alias }}.actor_ifi_type
    end
{%- endmacro %}

{% macro lrs_identifier(alias) -%}
    case
        when
            {{ alias }}.actor_object_type = 'Group'
            and not {{ alias }}.is_group_member
            then {{ alias }}.actor_ifi_value
        when {{ alias }}.actor_ifi_type = 'mbox'
            then {{ alias }}.actor_email_normalized
        when {{ alias }}.actor_ifi_type = 'mbox_sha1sum'
            then {{ alias }}.actor_mbox_sha1sum
        when {{ alias }}.actor_ifi_type = 'account'
            then {{ xapi_account_identifier(
                alias ~ '.actor_account_home_page',
                alias ~ '.actor_account_name'
            ) }}
        else {{ alias }}.actor_ifi_value
    end
{%- endmacro %}

{#-
    An account as one identifier: '<homePage>|<name>' ('|' cannot appear
    unescaped in an IRI, so the first '|' splits it again). The homePage is
    compared in lower case without trailing '/' (the seed's home_page too);
    the name as written (a system's ids may be case-sensitive).
-#}
{% macro xapi_account_identifier(home_page, name) -%}
    {{ dbt.concat([account_home_page_normalized(home_page), "'|'", 'trim(' ~ name ~ ')']) }}
{%- endmacro %}

{% macro account_home_page_normalized(home_page) -%}
    trim(trailing '/' from lower(trim({{ home_page }})))
{%- endmacro %}
