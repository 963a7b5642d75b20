//! The `crypto_invoices` rows: one per invoice we ask Crypto Pay for, written before it is
//! asked, and each step of its life as a conditional update (so two callers racing apply once).

use sqlx::FromRow;

use crate::db::ledger::{self, LedgerError, LedgerKind, Movement};
use crate::db::notices::{Notice, enqueue, enqueue_admins};
use crate::db::purchases::{self, Funding};
use crate::db::{Db, now};
use crate::error::{Error, Result};

/// An invoice we made (or are making).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CryptoInvoice {
    /// Our payment id: in the invoice's payload, and the ledger reference of its credit.
    pub id: i64,
    pub user_id: i64,
    pub amount_minor: i64,
    pub fiat: String,
    pub status: String,
    pub invoice_id: Option<i64>,
    pub invoice_url: Option<String>,
    pub expires_at: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, user_id, amount_minor, fiat, status, invoice_id, invoice_url, expires_at, created_at";

/// What [`begin`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// A new row, `creating`: the caller asks Crypto Pay now.
    New(CryptoInvoice),
    /// This customer already has an open invoice of this amount (`creating` or `active`).
    Open(CryptoInvoice),
}

/// Records an invoice to be made for `user_id` and `amount_minor`, before Crypto Pay is asked;
/// a second call while the first is open gets the first. An open one past its expiry is closed
/// as expired first (its credit stays possible, should Crypto Pay still report it paid).
pub async fn begin(
    db: &Db,
    user_id: i64,
    amount_minor: i64,
    fiat: &str,
    lifetime_secs: i64,
) -> Result<Begun> {
    let mut tx = db.begin_write().await?;
    let at = now();
    sqlx::query(
        "UPDATE crypto_invoices SET status = 'expired'
         WHERE user_id = ? AND amount_minor = ? AND status = 'active' AND expires_at <= ?",
    )
    .bind(user_id)
    .bind(amount_minor)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let inserted: Option<CryptoInvoice> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO crypto_invoices (user_id, amount_minor, fiat, status, expires_at, created_at)
         VALUES (?, ?, ?, 'creating', ?, ?)
         ON CONFLICT DO NOTHING
         RETURNING {COLUMNS}"
    )))
    .bind(user_id)
    .bind(amount_minor)
    .bind(fiat)
    .bind(at + lifetime_secs)
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    let begun = match inserted {
        Some(row) => Begun::New(row),
        None => Begun::Open(
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM crypto_invoices
                 WHERE user_id = ? AND amount_minor = ? AND status IN ('creating', 'active')"
            )))
            .bind(user_id)
            .bind(amount_minor)
            .fetch_one(&mut *tx)
            .await?,
        ),
    };
    tx.commit().await?;
    Ok(begun)
}

/// Crypto Pay made the invoice: it becomes payable. False when the row was no longer being
/// created, or the invoice id is another row's already (then it is marked unknown).
pub async fn created(db: &Db, id: i64, invoice_id: i64, url: &str) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE crypto_invoices SET status = 'active', invoice_id = ?, invoice_url = ?
         WHERE id = ? AND status = 'creating'",
    )
    .bind(invoice_id)
    .bind(url)
    .bind(id)
    .execute(db.pool())
    .await;
    match updated {
        Ok(done) => Ok(done.rows_affected() == 1),
        Err(e) if crate::db::is_unique_violation(&e) => {
            close(
                db,
                id,
                "unknown",
                "Crypto Pay gave an invoice id another invoice has",
            )
            .await?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A creation that failed (`failed`: Crypto Pay said no) or whose answer was lost (`unknown`):
/// recorded with why, never asked again.
pub async fn close(db: &Db, id: i64, status: &str, problem: &str) -> Result<()> {
    sqlx::query("UPDATE crypto_invoices SET status = ?, problem = ? WHERE id = ? AND status = 'creating'")
        .bind(status)
        .bind(problem)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> Result<Option<CryptoInvoice>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM crypto_invoices WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

/// Active invoices to ask Crypto Pay about (not expired longer ago than `grace_secs`), in id
/// order after `after`, `limit` of them.
pub async fn to_poll(db: &Db, grace_secs: i64, after: i64, limit: i64) -> Result<Vec<CryptoInvoice>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM crypto_invoices
         WHERE status = 'active' AND expires_at > ? AND id > ? ORDER BY id LIMIT ?"
    )))
    .bind(now() - grace_secs)
    .bind(after)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// Active invoices expired longer ago than `grace_secs` that Crypto Pay never reported on.
pub async fn long_expired(db: &Db, grace_secs: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM crypto_invoices WHERE status = 'active' AND expires_at <= ? ORDER BY id",
    )
    .bind(now() - grace_secs)
    .fetch_all(db.pool())
    .await?)
}

/// Creations interrupted (a crash between our row and Crypto Pay's answer): older than
/// `limit_secs`, they become unknown.
pub async fn abandon_stale_creations(db: &Db, limit_secs: i64) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE crypto_invoices SET status = 'unknown', problem = 'interrupted while being created'
         WHERE status = 'creating' AND created_at <= ?",
    )
    .bind(now() - limit_secs)
    .execute(db.pool())
    .await?
    .rows_affected())
}

/// Marks an active invoice expired and tells the customer, once; false if it was not active.
pub async fn expire(db: &Db, invoice: &CryptoInvoice) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let done =
        sqlx::query("UPDATE crypto_invoices SET status = 'expired' WHERE id = ? AND status = 'active'")
            .bind(invoice.id)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let notice = Notice::CryptoExpired {
        invoice: invoice.id,
        amount_minor: invoice.amount_minor,
    };
    enqueue(
        &mut tx,
        invoice.user_id,
        &format!("crypto:{}:expired", invoice.id),
        &notice,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Puts an unpaid invoice in front of the admins: Crypto Pay reported a payment that does not
/// match what we asked. Nothing is credited; false if it was paid or closed already.
pub async fn needs_attention(
    db: &Db,
    admins: &[u64],
    invoice: &CryptoInvoice,
    problem: &str,
) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE crypto_invoices SET status = 'attention', problem = ?
         WHERE id = ? AND status IN ('active', 'expired')",
    )
    .bind(problem)
    .bind(invoice.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let notice = Notice::CryptoAttention {
        invoice: invoice.id,
        user_id: invoice.user_id,
        problem: problem.to_string(),
    };
    enqueue_admins(
        &mut tx,
        admins,
        &format!("crypto:{}:attention", invoice.id),
        &notice,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A paid invoice's credit, booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CryptoCredit {
    pub user_id: i64,
    /// Our invoice (payment) id.
    pub invoice: i64,
    pub amount_minor: i64,
    pub balance_minor: i64,
    /// It pays for the customer's waiting purchase, which is to be placed next
    /// (`orders::pending::place_funded`) and told together with this credit.
    pub funded_purchase: bool,
}

/// Who tells the customer of a credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tell {
    /// A notice through the outbox (the poller, the webhook).
    ByNotice,
    /// The caller, who has the chat open ("Check payment").
    Caller,
}

/// Marks the invoice paid and credits what we asked for, in one transaction, once: `None` when
/// it was paid before (or is not payable: failed, unknown, in front of an admin).
pub async fn credit(
    db: &Db,
    invoice: &CryptoInvoice,
    paid: (Option<&str>, Option<&str>),
    tell: Tell,
) -> Result<Option<CryptoCredit>> {
    let mut tx = db.begin_write().await?;
    let marked = sqlx::query(
        "UPDATE crypto_invoices SET status = 'paid', paid_at = ?, paid_asset = ?, paid_amount = ?
         WHERE id = ? AND status IN ('active', 'expired')",
    )
    .bind(now())
    .bind(paid.0)
    .bind(paid.1)
    .bind(invoice.id)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(None);
    }
    let reference = invoice.id.to_string();
    let movement = Movement {
        user_id: invoice.user_id,
        kind: LedgerKind::CryptoTopup,
        reference: &reference,
        amount_minor: invoice.amount_minor,
        note: None,
    };
    let balance_minor = match ledger::apply(&mut tx, &movement).await? {
        Ok(balance) => balance,
        // The status guard above makes this impossible short of a hand-written ledger row.
        Err(LedgerError::AlreadyApplied) => return Ok(None),
        Err(e) => {
            return Err(Error::Internal(format!(
                "crediting crypto invoice {}: {e}",
                invoice.id
            )));
        }
    };
    let funding = Funding::Crypto {
        invoice: invoice.id,
        amount_minor: invoice.amount_minor,
    };
    let funded_purchase = purchases::fund(&mut tx, invoice.user_id, &funding).await?;
    let credited = CryptoCredit {
        user_id: invoice.user_id,
        invoice: invoice.id,
        amount_minor: invoice.amount_minor,
        balance_minor,
        funded_purchase,
    };
    // A credit for a waiting purchase is told with the purchase, in one message.
    if tell == Tell::ByNotice && !funded_purchase {
        let notice = Notice::CryptoCredited {
            invoice: invoice.id,
            amount_minor: invoice.amount_minor,
            balance_minor,
        };
        enqueue(
            &mut tx,
            invoice.user_id,
            &format!("crypto:{}:credited", invoice.id),
            &notice,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Some(credited))
}
