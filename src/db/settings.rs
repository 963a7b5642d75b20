//! Shop-wide switches that survive a restart (the `shop_settings` table).

use super::{Db, now};
use crate::error::Result;

/// While on, customers are told the shop is closed; admins keep working.
const MAINTENANCE: &str = "maintenance";

impl Db {
    /// Whether the shop is closed for maintenance (read once, then kept: only
    /// [`Db::set_maintenance`] changes it).
    pub async fn maintenance(&self) -> Result<bool> {
        if let Some(on) = self.cache.maintenance() {
            return Ok(on);
        }
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM shop_settings WHERE key = ?")
            .bind(MAINTENANCE)
            .fetch_optional(self.pool())
            .await?;
        let on = value.as_deref() == Some("on");
        self.cache.maintenance_read(on);
        Ok(on)
    }

    pub async fn set_maintenance(&self, on: bool) -> Result<()> {
        sqlx::query(
            "INSERT INTO shop_settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(MAINTENANCE)
        .bind(if on { "on" } else { "off" })
        .bind(now())
        .execute(self.pool())
        .await?;
        self.cache.maintenance_written(on);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::db::testing::temp_db;

    #[tokio::test]
    async fn maintenance_is_off_until_switched_on() {
        let (db, _dir) = temp_db().await;
        assert!(!db.maintenance().await.unwrap());
        db.set_maintenance(true).await.unwrap();
        assert!(db.maintenance().await.unwrap());
        db.set_maintenance(false).await.unwrap();
        assert!(!db.maintenance().await.unwrap());
    }
}
