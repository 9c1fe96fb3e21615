{#-
    Nothing lost: every record read from a source's raw files is staged,
    rejected, or deliberately removed (duplicate, voided, out of scope).

    `model` is the staging model; `parsed` the base model with every record
    read and its _row_status; `rejected` the _rejected companion. Records are
    counted by (_source_file, _source_line), so a record that staging expands
    to several rows (an xAPI Group) still counts once.
-#}
{% test reconciles_with_raw(model, parsed, rejected) %}

with

read_records as (
    select count(*) as record_count
    from (select distinct _source_file, _source_line from {{ parsed }}) as r
),

staged as (
    select count(*) as record_count
    from (select distinct _source_file, _source_line from {{ model }}) as s
),

rejected as (
    select count(*) as record_count
    from (select distinct _source_file, _source_line from {{ rejected }}) as j
),

removed as (
    select count(*) as record_count
    from (
        select distinct _source_file, _source_line
        from {{ parsed }}
        where _row_status not in ('staged', 'rejected')
    ) as d
),

final as (
    select
        read_records.record_count as read_count,
        staged.record_count as staged_count,
        rejected.record_count as rejected_count,
        removed.record_count as removed_count
    from read_records
    cross join staged
    cross join rejected
    cross join removed
    where read_records.record_count
        <> staged.record_count + rejected.record_count + removed.record_count
)

select * from final

{% endtest %}
