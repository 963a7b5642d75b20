//! The crypto poller's round: it asks Crypto Pay about our active invoices (those expired lately
//! too) and settles what it hears, so top-ups work without any webhook.

use super::invoices::{self, CryptoCredit, Tell};
use super::{CryptoPay, Settled};
use crate::error::Result;

/// An invoice is still asked about this long after it expired (a payment made at the last
/// moment); after that, one Crypto Pay never reported on is closed as expired here.
const EXPIRED_GRACE_SECS: i64 = 600;
/// A creation still running after this was cut off by a crash.
const CREATION_LIMIT_SECS: i64 = 120;
/// At most this many invoices per `getInvoices` call (Crypto Pay's own limit is 1000).
const BATCH: i64 = 100;

impl CryptoPay {
    /// One round: what it credited (user, amount, new balance of each). Crypto Pay failing is
    /// logged and leaves everything as it was, for the next round.
    pub async fn poll_once(&self) -> Result<Vec<CryptoCredit>> {
        invoices::abandon_stale_creations(&self.db, CREATION_LIMIT_SECS).await?;
        for id in invoices::long_expired(&self.db, EXPIRED_GRACE_SECS).await? {
            if let Some(row) = invoices::get(&self.db, id).await? {
                invoices::expire(&self.db, &row).await?;
            }
        }
        let mut credited = Vec::new();
        let mut after = 0;
        loop {
            let batch = invoices::to_poll(&self.db, EXPIRED_GRACE_SECS, after, BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            let ids: Vec<i64> = batch.iter().filter_map(|row| row.invoice_id).collect();
            let listed = match self.client.get_invoices(&ids).await {
                Ok(listed) => listed,
                Err(e) => {
                    tracing::warn!(error = %e, "crypto poll: Crypto Pay did not answer usably");
                    break;
                }
            };
            for remote in listed {
                if let Settled::Credited(credit) = self.settle(&remote, Tell::ByNotice).await? {
                    credited.push(credit);
                }
            }
        }
        Ok(credited)
    }
}
