//! Customers' keys to the shop's panel API: stored only as their SHA-256, at most one live key
//! per customer.

use super::resellers::ResellerTerms;
use super::{Db, now};
use crate::error::Result;

/// Whose a presented key is, with what decides whether they may use it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOwner {
    pub user_id: i64,
    pub banned: bool,
    pub terms: ResellerTerms,
}

impl Db {
    /// Replaces the customer's live key (if any) with the one hashed to `key_hash`, in one
    /// transaction: the old key stops working as the new one starts.
    pub async fn replace_api_key(&self, user_id: i64, key_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let now = now();
        sqlx::query("UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO api_keys (user_id, key_hash, created_at) VALUES (?, ?, ?)")
            .bind(user_id)
            .bind(key_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Revokes the customer's live key; false when they had none.
    pub async fn revoke_api_key(&self, user_id: i64) -> Result<bool> {
        let revoked =
            sqlx::query("UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .bind(now())
                .bind(user_id)
                .execute(self.pool())
                .await?;
        Ok(revoked.rows_affected() > 0)
    }

    /// When the customer's live key was created, if they have one.
    pub async fn live_api_key_since(&self, user_id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT created_at FROM api_keys WHERE user_id = ? AND revoked_at IS NULL")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// The owner of the live key hashed to `key_hash`; a revoked or unknown key has none. The
    /// hash is looked up, so the key itself is never compared byte by byte.
    pub async fn api_key_owner(&self, key_hash: &str) -> Result<Option<KeyOwner>> {
        let row: Option<(i64, bool, bool, Option<String>)> = sqlx::query_as(
            "SELECT u.id, u.banned_at IS NOT NULL, u.is_reseller, u.reseller_markup
             FROM api_keys k JOIN users u ON u.id = k.user_id
             WHERE k.key_hash = ? AND k.revoked_at IS NULL",
        )
        .bind(key_hash)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(user_id, banned, is_reseller, markup)| KeyOwner {
            user_id,
            banned,
            terms: ResellerTerms::read(is_reseller, markup),
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::db::testing::{customer, temp_db};

    #[tokio::test]
    async fn a_new_key_replaces_the_old_one_and_a_revoked_key_has_no_owner() {
        let (db, _dir) = temp_db().await;
        customer(&db, 7).await;
        assert_eq!(db.live_api_key_since(7).await.unwrap(), None);
        db.replace_api_key(7, "hash-one").await.unwrap();
        assert_eq!(db.api_key_owner("hash-one").await.unwrap().unwrap().user_id, 7);
        db.replace_api_key(7, "hash-two").await.unwrap();
        assert_eq!(db.api_key_owner("hash-one").await.unwrap(), None);
        let owner = db.api_key_owner("hash-two").await.unwrap().unwrap();
        assert!(!owner.banned);
        assert_eq!(owner.terms, crate::db::resellers::ResellerTerms::default());
        assert!(db.live_api_key_since(7).await.unwrap().is_some());
        assert!(db.revoke_api_key(7).await.unwrap());
        assert!(!db.revoke_api_key(7).await.unwrap());
        assert_eq!(db.api_key_owner("hash-two").await.unwrap(), None);
        assert_eq!(db.live_api_key_since(7).await.unwrap(), None);
    }
}
