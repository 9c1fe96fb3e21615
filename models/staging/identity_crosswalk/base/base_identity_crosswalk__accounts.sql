-- Every record read from the identity crosswalk files, with _row_status and
-- erasure requests applied; stg_identity_crosswalk__accounts and its
-- _rejected companion split it.
with

all_records as (
    select * from {{ ref('base_identity_crosswalk__accounts_unerased') }}
),

{{ erase_requested_records('all_records') }},

final as (
    select * from with_erasure
)

-- The columns are those of the ephemeral
-- base_identity_crosswalk__accounts_unerased, which sqlfluff cannot see
-- through.
select * from final  -- noqa: AM04
