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
