//! Resellers: customers an admin allowed to use the panel API (when only resellers may), and
//! their own markup for what they buy through it.

use rust_decimal::Decimal;

use super::Db;
use crate::error::Result;

/// What an admin set for a customer as a reseller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResellerTerms {
    pub is_reseller: bool,
    /// Replaces the shop's markups in this customer's API prices; `None`: the chat prices.
    pub markup_percent: Option<Decimal>,
}

impl ResellerTerms {
    /// From the stored columns; a markup that does not read as a number counts as none.
    pub(super) fn read(is_reseller: bool, markup: Option<String>) -> Self {
        Self {
            is_reseller,
            markup_percent: markup.and_then(|m| m.parse().ok()),
        }
    }
}

impl Db {
    pub async fn reseller_terms(&self, user_id: i64) -> Result<ResellerTerms> {
        let row: Option<(bool, Option<String>)> =
            sqlx::query_as("SELECT is_reseller, reseller_markup FROM users WHERE id = ?")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map_or_else(ResellerTerms::default, |(is_reseller, markup)| {
            ResellerTerms::read(is_reseller, markup)
        }))
    }

    /// Marks or unmarks a reseller; false when there is no such user.
    pub async fn set_reseller(&self, user_id: i64, is_reseller: bool) -> Result<bool> {
        let updated = sqlx::query("UPDATE users SET is_reseller = ? WHERE id = ?")
            .bind(is_reseller)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(updated.rows_affected() > 0)
    }

    /// Sets (or with `None` clears) a customer's reseller markup; false when there is no such user.
    pub async fn set_reseller_markup(&self, user_id: i64, percent: Option<Decimal>) -> Result<bool> {
        let updated = sqlx::query("UPDATE users SET reseller_markup = ? WHERE id = ?")
            .bind(percent.map(|p| p.normalize().to_string()))
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(updated.rows_affected() > 0)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::ResellerTerms;
    use crate::db::testing::{customer, temp_db};

    #[tokio::test]
    async fn an_admin_marks_a_reseller_and_sets_their_markup() {
        let (db, _dir) = temp_db().await;
        customer(&db, 7).await;
        assert_eq!(db.reseller_terms(7).await.unwrap(), ResellerTerms::default());
        assert!(db.set_reseller(7, true).await.unwrap());
        assert!(
            db.set_reseller_markup(7, Some(Decimal::new(125, 1)))
                .await
                .unwrap()
        );
        let terms = db.reseller_terms(7).await.unwrap();
        assert!(terms.is_reseller);
        assert_eq!(terms.markup_percent, Some(Decimal::new(125, 1)));
        assert!(db.set_reseller_markup(7, None).await.unwrap());
        assert!(db.set_reseller(7, false).await.unwrap());
        assert_eq!(db.reseller_terms(7).await.unwrap(), ResellerTerms::default());
        assert!(!db.set_reseller(8, true).await.unwrap());
    }
}
