//! Keyset paging in `(updated_at, id)` order, one query per page.

use askel_domain::{Cursor, Page, PageRequest};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

use crate::StoreError;

/// Reads one page of `select`, ordered by `(updated_at, id)` and continued after `req.after`.
pub(crate) async fn read_page<E, C>(
    conn: &C,
    select: Select<E>,
    (updated_at, id): (E::Column, E::Column),
    req: &PageRequest,
    cursor_of: impl Fn(&E::Model) -> Cursor,
) -> Result<Page<E::Model>, StoreError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let mut select = select;
    if let Some(since) = req.updated_since {
        select = select.filter(updated_at.gte(since));
    }
    if let Some(after) = req.after {
        select = select.filter(
            Condition::any().add(updated_at.gt(after.updated_at)).add(
                Condition::all()
                    .add(updated_at.eq(after.updated_at))
                    .add(id.gt(after.id)),
            ),
        );
    }
    let limit = u64::from(req.limit.get());
    let mut rows = select
        .order_by_asc(updated_at)
        .order_by_asc(id)
        .limit(limit + 1)
        .all(conn)
        .await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(usize::from(req.limit.get()));
        rows.last().map(&cursor_of)
    } else {
        None
    };
    Ok(Page { items: rows, next })
}
