{#- Source freshness for raw files: when the newest file of the folder landed. -#}
{% macro raw_files_loaded_at(folder_name) -%}
    {{ return(adapter.dispatch('raw_files_loaded_at', 'certgap')(folder_name)) }}
{%- endmacro %}

{% macro duckdb__raw_files_loaded_at(folder_name) -%}
    select max(last_modified) from read_blob('{{ var("raw_dir") }}/{{ folder_name }}/*')
{%- endmacro %}

{#- binaryFile lists the files; only their metadata is read, not their content. -#}
{% macro spark__raw_files_loaded_at(folder_name) -%}
    select max(modificationTime)
    from binaryFile.`{{ spark_absolute_path(var("raw_dir") ~ "/" ~ folder_name) }}`
{%- endmacro %}
