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

{#- md5() returns lower-case hex on DuckDB and Spark alike. -#}
{% macro md5_hex(expr) -%}
    {{ return(adapter.dispatch('md5_hex', 'certgap')(expr)) }}
{%- endmacro %}

{% macro default__md5_hex(expr) -%}
    md5({{ expr }})
{%- endmacro %}

{#-
    The hex digest an Open Badges recipient hash carries ('<algorithm>$<hex>'):
    algorithm(identity + salt), where algorithm is 'sha256' or 'md5' and the
    salt is optional (OB 2.0 IdentityObject; OB 3.0 IdentityHash). Null for
    any other algorithm. All three arguments are SQL expressions.
-#}
{% macro badge_identity_digest(algorithm, identity, salt) -%}
    {%- set salted = identity ~ " || coalesce(" ~ salt ~ ", '')" -%}
    case {{ algorithm }}
        when 'sha256' then {{ sha256_hex(salted) }}
        when 'md5' then {{ md5_hex(salted) }}
    end
{%- endmacro %}
