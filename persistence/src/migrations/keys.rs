//! Keys and indexes the foundation migration builds its tables with (moved out of it as they
//! were, so the schema it creates is unchanged).

use sea_orm_migration::prelude::*;

/// A foreign key that refuses to delete a row still referred to.
pub(super) fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

/// Keyset paging and `updated_since` read every list in `(updated_at, id)` order.
pub(super) fn sync_index(
    name: &str,
    table: impl IntoIden,
    scope: Option<impl IntoIden>,
) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(table).take();
    if let Some(scope) = scope {
        index.col(scope);
    }
    index
        .col(Alias::new("updated_at"))
        .col(Alias::new("id"))
        .take()
}
