{#-
    JSON API response pages, one page a file, parsed into one record per
    element of the page's array: the one place every paged source is read
    (Microsoft Graph's `{"value": [...], "@odata.nextLink": ...}`, Credly's
    `data`, LinkedIn Learning's `elements`, GitHub's seat list `seats`).

    parse_json_page_elements(pages_relation, array_path) selects the pages
    of `pages_relation` (a CTE over read_raw_pages) as CTE `page_elements`:
      _source_file, _source_file_size, _source_file_modified_epoch
      _source_line    the element's 1-based index in the array (so a file
                      pretty-printed over many lines or on one line gives
                      the same records); 0 for a file that is not a page
      raw_line        the element as JSON text (the page's whole text for a
                      file that is not a page)
      is_wellformed   the element is a JSON object (false for a scalar, an
                      array or a JSON null, whose raw_line is null); false
                      for a file that is not valid JSON or has no array at
                      `array_path`, which is then one record (rejected, none
                      of its rows lost silently)
    Portable: only the dispatched JSON helpers of json.sql are used.
-#}
{% macro parse_json_page_elements(pages_relation, array_path) -%}
    checked_json_pages as (
        select
            *,
            case
                when {{ json_is_valid('page_text') }}
                    then coalesce(
                        {{ json_fragment('page_text', array_path) }} like '[%',
                        false
                    )
                else false
            end as is_page
        from {{ pages_relation }}
    ),

    page_elements as (
        select
            pages._source_file,
            cast(elements.element_index as integer) as _source_line,
            pages._source_file_size,
            pages._source_file_modified_epoch,
            cast(elements.element as {{ dbt.type_string() }}) as raw_line,
            coalesce(
                substr(
                    cast(elements.element as {{ dbt.type_string() }}), 1, 1
                ) = '{',
                false
            ) as is_wellformed
        from checked_json_pages as pages
        {{ json_array_rows('pages.page_text', array_path, 'elements') }}
        where pages.is_page
        union all
        select
            _source_file,
            0 as _source_line,
            _source_file_size,
            _source_file_modified_epoch,
            page_text as raw_line,
            false as is_wellformed
        from checked_json_pages
        where not is_page
    )
{%- endmacro %}
