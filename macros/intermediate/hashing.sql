{#- Hex digests for matching hashed identifiers (xAPI mbox_sha1sum, badges). -#}
{% macro sha1_hex(expr) -%}
    {{ return(adapter.dispatch('sha1_hex', 'certgap')(expr)) }}
{%- endmacro %}

{% macro default__sha1_hex(expr) -%}
    sha1({{ expr }})
{%- endmacro %}

{% macro sha256_hex(expr) -%}
    {{ return(adapter.dispatch('sha256_hex', 'certgap')(expr)) }}
{%- endmacro %}

{% macro default__sha256_hex(expr) -%}
    sha2({{ expr }}, 256)
{%- endmacro %}

{% macro duckdb__sha256_hex(expr) -%}
    sha256({{ expr }})
{%- endmacro %}
