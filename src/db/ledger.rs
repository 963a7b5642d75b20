//! The money ledger. Every balance change goes through [`apply`], inside the caller's
//! transaction, so the balance and its ledger row are written together or not at all.

use sqlx::{FromRow, SqliteConnection};

use super::{Db, is_unique_violation, now};
use crate::error::Result;

/// Why money moved. Stored as text; `(kind, reference)` is unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerKind {
    /// An admin added money by hand; reference: the admin's command message.
    AdminCredit,
    /// An admin took money from a balance by hand; reference: the admin's message.
    AdminDebit,
    /// An order was paid from the balance; reference: our order id.
    OrderCharge,
    /// An order's money came back, in full or in part; reference: our order id.
    OrderRefund,
    /// A Telegram Stars payment was credited; reference: its `telegram_payment_charge_id`.
    StarsTopup,
    /// An admin refunded a Stars payment; reference: its `telegram_payment_charge_id`.
    StarsRefund,
    /// A Crypto Pay invoice was paid; reference: our invoice row id.
    CryptoTopup,
    /// Demo money in a sandbox-only shop; reference: the customer's tap.
    DemoTopup,
    /// A referrer's commission on an order of a customer they brought; reference:
    /// `<order id>:<level>`.
    ReferralCommission,
    /// What an admin refund took back of that commission; same reference.
    ReferralReversal,
    /// A credit promo code; reference: `CODE:user_id`, so each customer takes it once.
    PromoCredit,
}

impl LedgerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AdminCredit => "admin_credit",
            Self::AdminDebit => "admin_debit",
            Self::OrderCharge => "order_charge",
            Self::OrderRefund => "order_refund",
            Self::StarsTopup => "stars_topup",
            Self::StarsRefund => "stars_refund",
            Self::CryptoTopup => "crypto_topup",
            Self::DemoTopup => "demo_topup",
            Self::ReferralCommission => "referral_commission",
            Self::ReferralReversal => "referral_reversal",
            Self::PromoCredit => "promo_credit",
        }
    }
}

/// One balance change to apply.
#[derive(Debug, Clone)]
pub struct Movement<'a> {
    pub user_id: i64,
    pub kind: LedgerKind,
    pub reference: &'a str,
    /// Positive adds to the balance, negative takes from it.
    pub amount_minor: i64,
    pub note: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("balance {balance} is short of {needed}")]
    InsufficientFunds { balance: i64, needed: i64 },
    #[error("this movement was applied already")]
    AlreadyApplied,
    #[error("no such user")]
    UnknownUser,
}

/// A ledger row, for statements.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct LedgerEntry {
    pub id: i64,
    pub kind: String,
    pub reference: String,
    pub amount_minor: i64,
    pub balance_after_minor: i64,
    pub note: Option<String>,
    pub created_at: i64,
}

/// Applies a movement inside the caller's transaction and returns the new balance.
///
/// A debit is conditional: it never takes the balance below zero, however many run at once.
/// A credit always goes through, also onto a negative balance (non-negativity is a rule for
/// debits only). On any error the caller must drop (roll back) its transaction.
pub async fn apply(
    conn: &mut SqliteConnection,
    movement: &Movement<'_>,
) -> Result<std::result::Result<i64, LedgerError>> {
    write(conn, movement, false).await
}

/// Like [`apply`], but the debit may take the balance below zero. Only for a debit an admin
/// explicitly confirmed after being shown the shortfall, or one that already happened outside
/// (Telegram returned the stars); everything else goes through [`apply`].
pub async fn apply_overdraft(
    conn: &mut SqliteConnection,
    movement: &Movement<'_>,
) -> Result<std::result::Result<i64, LedgerError>> {
    write(conn, movement, true).await
}

/// Writes the ledger row first; the database's trigger then moves the balance to the row's
/// `balance_after_minor` (and refuses any other change of a balance). So a movement the
/// `(kind, reference)` key refuses has moved no money.
async fn write(
    conn: &mut SqliteConnection,
    movement: &Movement<'_>,
    allow_negative: bool,
) -> Result<std::result::Result<i64, LedgerError>> {
    let inserted: std::result::Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO ledger (user_id, kind, reference, amount_minor, balance_after_minor, note, created_at)
         SELECT id, ?2, ?3, ?4, balance_minor + ?4, ?5, ?6 FROM users
         WHERE id = ?1 AND (?4 >= 0 OR ?7 OR balance_minor + ?4 >= 0)
         RETURNING balance_after_minor",
    )
    .bind(movement.user_id)
    .bind(movement.kind.as_str())
    .bind(movement.reference)
    .bind(movement.amount_minor)
    .bind(movement.note)
    .bind(now())
    .bind(allow_negative)
    .fetch_optional(&mut *conn)
    .await;
    match inserted {
        Ok(Some(balance_after)) => Ok(Ok(balance_after)),
        Ok(None) => {
            let balance: Option<i64> = sqlx::query_scalar("SELECT balance_minor FROM users WHERE id = ?")
                .bind(movement.user_id)
                .fetch_optional(&mut *conn)
                .await?;
            Ok(Err(match balance {
                Some(balance) => LedgerError::InsufficientFunds {
                    balance,
                    needed: -movement.amount_minor,
                },
                None => LedgerError::UnknownUser,
            }))
        }
        Err(e) if is_unique_violation(&e) => Ok(Err(LedgerError::AlreadyApplied)),
        Err(e) => Err(e.into()),
    }
}

impl Db {
    /// Applies one movement in its own transaction.
    pub async fn apply_movement(
        &self,
        movement: &Movement<'_>,
    ) -> Result<std::result::Result<i64, LedgerError>> {
        let mut tx = self.begin_write().await?;
        let outcome = apply(&mut tx, movement).await?;
        if outcome.is_ok() {
            tx.commit().await?;
        }
        Ok(outcome)
    }

    /// The user's latest ledger rows, newest first.
    pub async fn ledger_tail(&self, user_id: i64, limit: i64) -> Result<Vec<LedgerEntry>> {
        Ok(sqlx::query_as::<_, LedgerEntry>(
            "SELECT id, kind, reference, amount_minor, balance_after_minor, note, created_at
             FROM ledger WHERE user_id = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Users whose balance differs from the sum of their ledger rows: always empty unless
    /// something wrote money behind the ledger's back.
    pub async fn ledger_mismatches(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT u.id FROM users u
             LEFT JOIN (SELECT user_id, SUM(amount_minor) AS total FROM ledger GROUP BY user_id) l
                 ON l.user_id = u.id
             WHERE u.balance_minor != COALESCE(l.total, 0)",
        )
        .fetch_all(self.pool())
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::{customer as user, temp_db};

    fn movement(kind: LedgerKind, reference: &str, amount_minor: i64) -> Movement<'_> {
        Movement {
            user_id: 1,
            kind,
            reference,
            amount_minor,
            note: None,
        }
    }

    #[tokio::test]
    async fn balance_always_equals_the_ledger_sum() {
        let (db, _dir) = temp_db().await;
        user(&db, 1).await;
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::AdminCredit, "m1", 1000))
                .await
                .unwrap(),
            Ok(1000)
        );
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::OrderCharge, "1", -300))
                .await
                .unwrap(),
            Ok(700)
        );
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::OrderRefund, "1", 300))
                .await
                .unwrap(),
            Ok(1000)
        );
        // The same refund again is refused and changes nothing.
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::OrderRefund, "1", 300))
                .await
                .unwrap(),
            Err(LedgerError::AlreadyApplied)
        );
        // An overdraft is refused and changes nothing.
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::OrderCharge, "2", -1001))
                .await
                .unwrap(),
            Err(LedgerError::InsufficientFunds {
                balance: 1000,
                needed: 1001
            })
        );
        assert_eq!(db.user(1).await.unwrap().unwrap().balance_minor, 1000);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
        let tail = db.ledger_tail(1, 10).await.unwrap();
        assert_eq!(tail.len(), 3);
        assert_eq!(tail[0].kind, "order_refund");
        assert_eq!(tail[0].balance_after_minor, 1000);
    }

    #[tokio::test]
    async fn only_an_admin_confirmed_debit_goes_below_zero() {
        let (db, _dir) = temp_db().await;
        user(&db, 1).await;
        db.apply_movement(&movement(LedgerKind::StarsTopup, "charge", 100))
            .await
            .unwrap()
            .unwrap();
        db.apply_movement(&movement(LedgerKind::OrderCharge, "1", -80))
            .await
            .unwrap()
            .unwrap();
        let refund = movement(LedgerKind::StarsRefund, "charge", -100);
        assert_eq!(
            db.apply_movement(&refund).await.unwrap(),
            Err(LedgerError::InsufficientFunds {
                balance: 20,
                needed: 100
            })
        );
        let confirmed = || async {
            let mut tx = db.begin_write().await.unwrap();
            let outcome = apply_overdraft(&mut tx, &refund).await.unwrap();
            if outcome.is_ok() {
                tx.commit().await.unwrap();
            }
            outcome
        };
        assert_eq!(confirmed().await, Ok(-80));
        // Still once per (kind, reference).
        assert_eq!(confirmed().await, Err(LedgerError::AlreadyApplied));
        assert_eq!(db.user(1).await.unwrap().unwrap().balance_minor, -80);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_refused_repeat_moves_no_money_even_when_its_transaction_commits() {
        let (db, _dir) = temp_db().await;
        user(&db, 1).await;
        db.apply_movement(&movement(LedgerKind::OrderRefund, "9", 500))
            .await
            .unwrap()
            .unwrap();
        // A caller that takes `AlreadyApplied` as "nothing to do" and commits the rest of its
        // work must not have moved the balance (this paid twice, outside the ledger, before).
        let mut tx = db.begin_write().await.unwrap();
        let again = apply(&mut tx, &movement(LedgerKind::OrderRefund, "9", 500))
            .await
            .unwrap();
        assert_eq!(again, Err(LedgerError::AlreadyApplied));
        tx.commit().await.unwrap();
        assert_eq!(db.user(1).await.unwrap().unwrap().balance_minor, 500);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn credits_go_through_onto_a_negative_balance() {
        let (db, _dir) = temp_db().await;
        user(&db, 1).await;
        let mut tx = db.begin_write().await.unwrap();
        apply_overdraft(&mut tx, &movement(LedgerKind::StarsRefund, "c", -1000))
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        // Still below zero afterwards, and still taken: only debits are conditional.
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::OrderRefund, "1", 300))
                .await
                .unwrap(),
            Ok(-700)
        );
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::AdminCredit, "m", 1))
                .await
                .unwrap(),
            Ok(-699)
        );
        assert_eq!(
            db.apply_movement(&movement(LedgerKind::OrderCharge, "2", -1))
                .await
                .unwrap(),
            Err(LedgerError::InsufficientFunds {
                balance: -699,
                needed: 1
            })
        );
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn no_write_can_move_a_balance_without_a_ledger_row() {
        let (db, _dir) = temp_db().await;
        user(&db, 1).await;
        db.apply_movement(&movement(LedgerKind::AdminCredit, "m", 100))
            .await
            .unwrap()
            .unwrap();
        let refused = [
            "UPDATE users SET balance_minor = balance_minor + 1 WHERE id = 1",
            "UPDATE users SET balance_minor = 0",
            "INSERT INTO users (id, language, balance_minor, created_at, last_seen_at)
             VALUES (2, 'en', 50, 0, 0)",
            "UPDATE ledger SET amount_minor = 1",
            "DELETE FROM ledger",
            // A row whose balance does not follow from the one before it.
            "INSERT INTO ledger (user_id, kind, reference, amount_minor, balance_after_minor, created_at)
             VALUES (1, 'admin_credit', 'forged', 10, 1000, 0)",
        ];
        for statement in refused {
            let outcome = sqlx::query(statement).execute(db.pool()).await;
            assert!(outcome.is_err(), "{statement} went through");
        }
        // Writing the other columns of a user is untouched by the rule.
        sqlx::query("UPDATE users SET first_name = 'N', language = 'ru' WHERE id = 1")
            .execute(db.pool())
            .await
            .unwrap();
        assert_eq!(db.user(1).await.unwrap().unwrap().balance_minor, 100);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_unknown_user_gets_no_money() {
        let (db, _dir) = temp_db().await;
        let m = Movement {
            user_id: 42,
            kind: LedgerKind::AdminCredit,
            reference: "x",
            amount_minor: 5,
            note: None,
        };
        assert_eq!(
            db.apply_movement(&m).await.unwrap(),
            Err(LedgerError::UnknownUser)
        );
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(rows, 0);
    }

    #[tokio::test]
    async fn concurrent_debits_never_overdraw() {
        let (db, _dir) = temp_db().await;
        user(&db, 1).await;
        db.apply_movement(&movement(LedgerKind::AdminCredit, "seed", 1000))
            .await
            .unwrap()
            .unwrap();
        let mut tasks = Vec::new();
        for i in 0..20 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let reference = format!("order-{i}");
                db.apply_movement(&Movement {
                    user_id: 1,
                    kind: LedgerKind::OrderCharge,
                    reference: &reference,
                    amount_minor: -300,
                    note: None,
                })
                .await
                .unwrap()
            }));
        }
        let mut ok = 0;
        for task in tasks {
            if task.await.unwrap().is_ok() {
                ok += 1;
            }
        }
        assert_eq!(ok, 3, "1000 covers exactly three debits of 300");
        assert_eq!(db.user(1).await.unwrap().unwrap().balance_minor, 100);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }
}
