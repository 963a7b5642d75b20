//! Top-ups with Crypto Pay (@CryptoBot): invoices in the shop currency, and their credit —
//! exactly once per invoice, the amount we asked for, only for an invoice we made and only when
//! Crypto Pay says `paid`. Three ways learn of a payment and all end in [`CryptoPay::settle`]:
//! the poller ([`poller`]), the webhook ([`webhook`]) and the customer's "Check payment".

pub mod amounts;
pub mod client;
pub mod invoices;
pub mod poller;
pub mod webhook;

use std::time::Duration;

use client::{CryptoPayClient, CryptoPayError, InvoiceRequest, RemoteInvoice};
use invoices::{Begun, CryptoInvoice, Tell};

use crate::config::{CryptoPayConfig, Secret};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::money::Currency;

pub use invoices::CryptoCredit;

/// Marks (and versions) our payloads: `cp1:<our invoice id>`.
const PAYLOAD_TAG: &str = "cp1:";

/// Our invoice id in a payload we wrote; `None` for anything else.
pub fn decode_payload(payload: &str) -> Option<i64> {
    let id = payload.strip_prefix(PAYLOAD_TAG)?;
    let parsed: i64 = id.parse().ok().filter(|id| *id > 0)?;
    (parsed.to_string() == id).then_some(parsed)
}

pub fn encode_payload(id: i64) -> String {
    format!("{PAYLOAD_TAG}{id}")
}

/// Crypto Pay top-ups of one shop: its app, its currency, its admins.
#[derive(Debug, Clone)]
pub struct CryptoPay {
    db: Db,
    client: CryptoPayClient,
    currency: Currency,
    assets: Vec<String>,
    lifetime: Duration,
    admins: Vec<u64>,
    /// The API token: the key of the webhook's signatures.
    token: Secret,
}

/// What became of a webhook request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookVerdict {
    /// No signature, or not Crypto Pay's: nothing was read.
    Forged,
    /// Signed, but not an `invoice_paid` update we can read.
    Unreadable,
    Settled(Settled),
}

/// What asking for an invoice gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// Payable at its `invoice_url` until `expires_at` (new, or the open one of this amount).
    Ready(CryptoInvoice),
    /// Another tap is creating this very invoice right now.
    InProgress,
    /// Crypto Pay said no, or its answer was lost: recorded, nothing to pay.
    Failed,
}

/// What a report on an invoice changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    Credited(CryptoCredit),
    /// Paid and credited before: nothing more.
    AlreadyPaid,
    /// Not paid yet.
    Waiting(CryptoInvoice),
    Expired(CryptoInvoice),
    /// Not acted on (not ours, not matching, not payable): logged, and in front of an admin
    /// where money may be involved.
    Ignored(&'static str),
}

impl CryptoPay {
    pub fn new(db: Db, config: &CryptoPayConfig, currency: Currency, admins: Vec<u64>) -> Result<Self> {
        let client =
            CryptoPayClient::new(config, client::CALL_TIMEOUT).map_err(|e| Error::Setup(e.to_string()))?;
        Ok(Self::with_client(db, client, config, currency, admins))
    }

    /// With a client of the caller's (a shorter timeout in tests).
    pub fn with_client(
        db: Db,
        client: CryptoPayClient,
        config: &CryptoPayConfig,
        currency: Currency,
        admins: Vec<u64>,
    ) -> Self {
        Self {
            db,
            client,
            currency,
            assets: config.assets.clone(),
            lifetime: config.invoice_lifetime,
            admins,
            token: config.token.clone(),
        }
    }

    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    pub fn assets(&self) -> &[String] {
        &self.assets
    }

    /// An invoice for exactly `amount_minor` (shop currency) for `user_id`, described to the
    /// payer as `description`. At most one per customer and amount is open at a time: a repeated
    /// tap gets the same one. Our row is written first; a creation that fails or whose answer is
    /// lost is recorded and never retried by itself.
    pub async fn open_invoice(&self, user_id: i64, amount_minor: i64, description: &str) -> Result<Opened> {
        let lifetime = i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX);
        let row =
            match invoices::begin(&self.db, user_id, amount_minor, self.currency.code(), lifetime).await? {
                Begun::New(row) => row,
                Begun::Open(row) if row.status == "active" => return Ok(Opened::Ready(row)),
                Begun::Open(_) => return Ok(Opened::InProgress),
            };
        let payload = encode_payload(row.id);
        let request = InvoiceRequest {
            fiat: self.currency.code(),
            amount: self.currency.to_decimal(amount_minor),
            assets: &self.assets,
            description,
            payload: &payload,
            expires_in: self.lifetime,
        };
        let made = self.client.create_invoice(&request).await;
        let (status, problem) = match made {
            Ok(remote) => match remote.bot_invoice_url.as_deref() {
                Some(url) if url.starts_with("https://") && remote.payload.as_deref() == Some(&payload) => {
                    if invoices::created(&self.db, row.id, remote.invoice_id, url).await? {
                        tracing::info!(
                            invoice = row.id,
                            user = user_id,
                            amount_minor,
                            "crypto invoice created"
                        );
                        let ready = invoices::get(&self.db, row.id).await?;
                        return Ok(ready.map_or(Opened::Failed, Opened::Ready));
                    }
                    return Ok(Opened::Failed);
                }
                _ => (
                    "unknown",
                    "Crypto Pay's invoice has no https link or not our payload".to_string(),
                ),
            },
            Err(CryptoPayError::Refused { code, name }) => ("failed", format!("refused: {name} ({code})")),
            Err(e @ CryptoPayError::Unclear(_)) => ("unknown", e.to_string()),
        };
        tracing::warn!(invoice = row.id, user = user_id, %problem, "crypto invoice not created");
        invoices::close(&self.db, row.id, status, &problem).await?;
        Ok(Opened::Failed)
    }

    /// Applies what Crypto Pay reports about an invoice: credits it when it is ours, matches
    /// what we asked for and is `paid`; marks it expired when it is `expired`. Paid is final.
    pub async fn settle(&self, remote: &RemoteInvoice, tell: Tell) -> Result<Settled> {
        settle(&self.db, &self.currency, &self.admins, remote, tell).await
    }

    /// An `invoice_paid` webhook: verified over the exact bytes received, then settled like any
    /// other report (so a replay, or a race with the poller, credits nothing more).
    pub async fn receive_webhook(&self, body: &[u8], signature: Option<&[u8]>) -> Result<WebhookVerdict> {
        let signed = signature.is_some_and(|s| webhook::signature_is_valid(self.token.expose(), body, s));
        if !signed {
            return Ok(WebhookVerdict::Forged);
        }
        let Some(remote) = webhook::paid_invoice(body) else {
            return Ok(WebhookVerdict::Unreadable);
        };
        Ok(WebhookVerdict::Settled(
            self.settle(&remote, Tell::ByNotice).await?,
        ))
    }

    /// "Check payment": asks Crypto Pay about the customer's invoice now. `Err` of Crypto Pay's
    /// when it could not be asked.
    pub async fn check(&self, user_id: i64, id: i64) -> Result<Result<Settled, CryptoPayError>> {
        let Some(row) = invoices::get(&self.db, id)
            .await?
            .filter(|row| row.user_id == user_id)
        else {
            return Ok(Ok(Settled::Ignored("no such invoice of this customer")));
        };
        let Some(invoice_id) = row
            .invoice_id
            .filter(|_| matches!(row.status.as_str(), "active" | "expired"))
        else {
            return Ok(Ok(match row.status.as_str() {
                "paid" => Settled::AlreadyPaid,
                _ => Settled::Ignored("not payable"),
            }));
        };
        let listed = match self.client.get_invoices(&[invoice_id]).await {
            Ok(listed) => listed,
            Err(e) => {
                tracing::warn!(invoice = id, error = %e, "crypto invoice check failed");
                return Ok(Err(e));
            }
        };
        match listed.iter().find(|remote| remote.invoice_id == invoice_id) {
            Some(remote) => Ok(Ok(self.settle(remote, Tell::Caller).await?)),
            None => Ok(Ok(if row.status == "expired" {
                Settled::Expired(row)
            } else {
                Settled::Waiting(row)
            })),
        }
    }
}

/// See [`CryptoPay::settle`]; a free function so that it can be driven without a client.
pub async fn settle(
    db: &Db,
    currency: &Currency,
    admins: &[u64],
    remote: &RemoteInvoice,
    tell: Tell,
) -> Result<Settled> {
    let invoice_id = remote.invoice_id;
    let Some(id) = remote.payload.as_deref().and_then(decode_payload) else {
        tracing::warn!(invoice_id, "Crypto Pay reported an invoice that is not ours");
        return Ok(Settled::Ignored("not our payload"));
    };
    let Some(row) = invoices::get(db, id).await? else {
        tracing::warn!(
            invoice_id,
            id,
            "Crypto Pay reported an invoice we have no record of"
        );
        return Ok(Settled::Ignored("unknown invoice"));
    };
    if row.invoice_id != Some(invoice_id) {
        tracing::warn!(
            invoice_id,
            id,
            "Crypto Pay reported our payload on another invoice"
        );
        return Ok(Settled::Ignored("invoice id differs"));
    }
    match row.status.as_str() {
        "paid" => {
            if remote.status != "paid" {
                tracing::warn!(
                    id,
                    status = remote.status,
                    "a paid crypto invoice reported otherwise; paid is final"
                );
            }
            return Ok(Settled::AlreadyPaid);
        }
        "active" | "expired" => {}
        _ => {
            tracing::warn!(
                id,
                ours = row.status,
                theirs = remote.status,
                "report on an invoice that cannot be paid"
            );
            return Ok(Settled::Ignored("not payable"));
        }
    }
    match remote.status.as_str() {
        "paid" => {}
        "active" if row.status == "active" => return Ok(Settled::Waiting(row)),
        "expired" | "active" => {
            invoices::expire(db, &row).await?;
            return Ok(Settled::Expired(row));
        }
        other => {
            tracing::warn!(id, status = other, "crypto invoice in a status we do not know");
            return Ok(Settled::Ignored("unknown status"));
        }
    }
    let asked = currency.to_decimal(row.amount_minor);
    let matches = remote.currency_type == "fiat"
        && remote.fiat.as_deref() == Some(row.fiat.as_str())
        && remote.amount == Some(asked);
    if !matches {
        let problem = format!(
            "reported paid as {} {} {}, we asked {} {}",
            remote.currency_type,
            remote.amount.map(|a| a.to_string()).unwrap_or_else(|| "?".into()),
            remote.fiat.as_deref().unwrap_or("?"),
            asked,
            row.fiat
        );
        tracing::error!(id, invoice_id, %problem, "crypto payment does not match its invoice: not credited");
        invoices::needs_attention(db, admins, &row, &problem).await?;
        return Ok(Settled::Ignored("does not match what we asked"));
    }
    let paid = (remote.paid_asset.as_deref(), remote.paid_amount.as_deref());
    Ok(match invoices::credit(db, &row, paid, tell).await? {
        Some(credit) => {
            tracing::info!(
                id,
                invoice_id,
                user = credit.user_id,
                amount = credit.amount_minor,
                "crypto invoice credited"
            );
            Settled::Credited(credit)
        }
        None => Settled::AlreadyPaid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_ours_only_in_their_one_spelling() {
        assert_eq!(decode_payload(&encode_payload(42)), Some(42));
        for junk in [
            "",
            "cp1:",
            "cp1:0",
            "cp1:-1",
            "cp1:+1",
            "cp1:01",
            "cp2:1",
            "st1:7:100:abc",
            "cp1:1:2",
        ] {
            assert_eq!(decode_payload(junk), None, "{junk}");
        }
    }
}
