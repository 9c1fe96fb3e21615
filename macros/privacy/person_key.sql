{#-
    person_key: the pseudonymous key of a person in the marts, a salted hash
    of the HR employee id. The salt comes from $CERTGAP_PERSON_KEY_SALT; keep
    it secret and stable (changing it re-keys every fact). Without it a
    public default is used, and every run says so loudly.
-#}
{% macro person_key_salt() -%}
    {{ return(env_var('CERTGAP_PERSON_KEY_SALT', 'certgap-public-default-salt')) }}
{%- endmacro %}

{% macro person_key(employee_id_expr) -%}
    {{ dbt.hash(dbt.concat(["'" ~ person_key_salt() ~ "|'", employee_id_expr])) }}
{%- endmacro %}

{#- on-run-start hook: warn when the public default salt is in use. -#}
{% macro warn_if_default_person_key_salt() %}
    {% if execute and person_key_salt() == 'certgap-public-default-salt' %}
        {{ log(
            "WARNING: CERTGAP_PERSON_KEY_SALT is not set; person_key uses the "
            ~ "public default salt, so anyone with an employee id can compute "
            ~ "its person_key. Set a secret salt before sharing the marts.",
            info=true
        ) }}
    {% endif %}
    select 1
{% endmacro %}
