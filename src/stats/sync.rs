//! A catalogue sync an admin asked for, with what it changed: services added and removed, and
//! prices that moved.

use std::collections::HashMap;

use crate::catalogue;
use crate::db::Db;
use crate::error::Result;
use crate::pricing::Pricing;
use crate::providers::ProviderHandle;

/// What one provider's sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncChanges {
    /// Services the provider lists for the first time.
    pub added: u32,
    /// Services taken off sale because the provider stopped listing them.
    pub removed: u32,
    /// Services on sale before and after whose price is not what it was.
    pub repriced: u32,
    pub on_sale: u32,
}

/// Syncs one provider (see [`catalogue::sync_provider`]) and compares its prices before and
/// after. An error leaves its catalogue as it was.
pub async fn sync_and_compare(db: &Db, provider: &ProviderHandle, pricing: &Pricing) -> Result<SyncChanges> {
    let before = prices(db, &provider.name).await?;
    let report = catalogue::sync_provider(db, provider, pricing).await?;
    let after = prices(db, &provider.name).await?;
    Ok(SyncChanges {
        added: report.counts.added,
        removed: report.counts.delisted,
        repriced: repriced(&before, &after),
        on_sale: report.on_sale,
    })
}

/// Service id → price, for one provider's services that have one.
async fn prices(db: &Db, provider: &str) -> Result<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, price_minor FROM services WHERE provider = ? AND price_minor IS NOT NULL")
            .bind(provider)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().collect())
}

/// Services priced both times, at a different price.
fn repriced(before: &HashMap<i64, i64>, after: &HashMap<i64, i64>) -> u32 {
    let changed = after
        .iter()
        .filter(|(id, price)| before.get(id).is_some_and(|old| old != *price))
        .count();
    u32::try_from(changed).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_services_priced_both_times_count_as_repriced() {
        let before = HashMap::from([(1, 100), (2, 200), (3, 300)]);
        // 1 unchanged, 2 repriced, 3 no longer priced, 4 newly priced.
        let after = HashMap::from([(1, 100), (2, 250), (4, 400)]);
        assert_eq!(repriced(&before, &after), 1);
    }
}
