{#-
    Standard normal CDF, Phi(z), in portable SQL (no engine has it built in).

    Uses erf(x) from Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), which is
    plenty for p-values reported to three decimals:
      Phi(z) = 0.5 * (1 + sign(z) * erf(|z| / sqrt(2)))
-#}
{% macro normal_cdf(z) -%}
    {%- set x = '(abs(' ~ z ~ ') / sqrt(2.0))' -%}
    {%- set t = '(1.0 / (1.0 + 0.3275911 * ' ~ x ~ '))' -%}
    (0.5 * (1.0 + sign({{ z }}) * (1.0 - (
        {{ t }} * (0.254829592 + {{ t }} * (-0.284496736 + {{ t }} * (1.421413741
        + {{ t }} * (-1.453152027 + {{ t }} * 1.061405429))))
    ) * exp(-{{ x }} * {{ x }}))))
{%- endmacro %}

{#- Two-sided p-value of a z statistic. -#}
{% macro two_sided_p_value(z) -%}
    (2.0 * (1.0 - {{ normal_cdf('abs(' ~ z ~ ')') }}))
{%- endmacro %}

{#-
    The columns of a normal-approximation test of `effect` with standard
    error `std_error`, every one a double but the flag: <prefix>effect,
    <prefix>std_error, <prefix>ci_low / <prefix>ci_high (95 %: +-1.959964
    standard errors), <prefix>z_statistic (null when the error is 0 or
    null), <prefix>p_value (two-sided), and `significance_flag` = p < 0.05
    (false when no p-value can be computed). One place for the rule, so
    every estimate in the marts reads the same way.
-#}
{% macro normal_test_columns(effect, std_error, prefix='', significance_flag='is_significant') -%}
    {%- set z = '(' ~ effect ~ ') / nullif(' ~ std_error ~ ', 0)' -%}
    cast({{ effect }} as {{ type_double() }}) as {{ prefix }}effect,
    cast({{ std_error }} as {{ type_double() }}) as {{ prefix }}std_error,
    cast({{ effect }} - 1.959964 * {{ std_error }} as {{ type_double() }})
        as {{ prefix }}ci_low,
    cast({{ effect }} + 1.959964 * {{ std_error }} as {{ type_double() }})
        as {{ prefix }}ci_high,
    cast({{ z }} as {{ type_double() }}) as {{ prefix }}z_statistic,
    cast({{ two_sided_p_value(z) }} as {{ type_double() }}) as {{ prefix }}p_value,
    coalesce({{ two_sided_p_value(z) }} < 0.05, false) as {{ significance_flag }}
{%- endmacro %}
