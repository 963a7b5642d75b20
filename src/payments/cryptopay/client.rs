//! The Crypto Pay HTTP API: `createInvoice` and `getInvoices`, with its `{ok, result | error}`
//! envelope decoded strictly (any other shape is an error, never a success) and the invoice
//! object read leniently (numbers as strings and the like).

use std::time::Duration;

use rust_decimal::Decimal;
use serde_json::{Value, json};
use url::Url;

use crate::config::{CryptoPayConfig, Secret};
use crate::update_slots;

/// How long one call may take; the poller simply asks again next round.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// An answer larger than this is not one of ours to read.
const MAX_ANSWER_BYTES: usize = 4 << 20;
/// What of a broken answer goes to the log.
const SNIPPET_CHARS: usize = 200;

/// Why a call gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoPayError {
    /// Crypto Pay answered `ok: false`: it did nothing.
    #[error("Crypto Pay refused: {name} ({code})")]
    Refused { code: i64, name: String },
    /// No answer, or one we cannot read: whatever was asked may or may not have happened.
    #[error("no usable answer from Crypto Pay: {0}")]
    Unclear(String),
}

/// An invoice as Crypto Pay describes it (the fields we use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteInvoice {
    pub invoice_id: i64,
    /// `active`, `paid` or `expired`; anything else is kept as given.
    pub status: String,
    /// `fiat` for ours; `crypto` otherwise.
    pub currency_type: String,
    pub fiat: Option<String>,
    pub amount: Option<Decimal>,
    pub payload: Option<String>,
    pub bot_invoice_url: Option<String>,
    pub paid_asset: Option<String>,
    pub paid_amount: Option<String>,
}

impl RemoteInvoice {
    /// Reads one invoice object; `None` without a positive `invoice_id` or a `status`.
    pub fn from_json(value: &Value) -> Option<Self> {
        let text = |key: &str| match value.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let invoice_id = text("invoice_id")?.parse::<i64>().ok().filter(|id| *id > 0)?;
        Some(Self {
            invoice_id,
            status: text("status")?,
            currency_type: text("currency_type").unwrap_or_else(|| "crypto".into()),
            fiat: text("fiat"),
            amount: text("amount").and_then(|a| a.trim().parse().ok()),
            payload: text("payload"),
            bot_invoice_url: text("bot_invoice_url"),
            paid_asset: text("paid_asset"),
            paid_amount: text("paid_amount"),
        })
    }
}

/// What a new invoice asks for.
#[derive(Debug, Clone)]
pub struct InvoiceRequest<'a> {
    pub fiat: &'a str,
    pub amount: Decimal,
    pub assets: &'a [String],
    pub description: &'a str,
    pub payload: &'a str,
    pub expires_in: Duration,
}

/// A Crypto Pay app's API.
#[derive(Debug, Clone)]
pub struct CryptoPayClient {
    http: reqwest::Client,
    base: Url,
    token: Secret,
}

impl CryptoPayClient {
    /// A client for `config`'s app; every call gives up after `timeout`.
    pub fn new(config: &CryptoPayConfig, timeout: Duration) -> Result<Self, CryptoPayError> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            // The token is in every request: it goes nowhere but the configured host.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("smmbot/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CryptoPayError::Unclear(format!("HTTP client: {e}")))?;
        Ok(Self {
            http,
            base: config.api_url.clone(),
            token: config.token.clone(),
        })
    }

    /// `getMe`: the app's name and the bot that takes its payments, as `smmbot check` shows them.
    pub async fn get_me(&self) -> Result<String, CryptoPayError> {
        let result = self.call("getMe", &json!({})).await?;
        let field = |name: &str| result.get(name).and_then(Value::as_str).map(str::to_owned);
        match (field("name"), field("payment_processing_bot_username")) {
            (Some(name), Some(bot)) => Ok(format!("app «{name}», payments by @{bot}")),
            _ => Err(CryptoPayError::Unclear(format!(
                "getMe: no app in {}",
                snippet(&result)
            ))),
        }
    }

    /// `createInvoice` in the shop currency.
    pub async fn create_invoice(
        &self,
        request: &InvoiceRequest<'_>,
    ) -> Result<RemoteInvoice, CryptoPayError> {
        let body = json!({
            "currency_type": "fiat",
            "fiat": request.fiat,
            "amount": request.amount.normalize().to_string(),
            "accepted_assets": request.assets.join(","),
            "description": request.description,
            "payload": request.payload,
            "expires_in": request.expires_in.as_secs(),
            "allow_comments": false,
            "allow_anonymous": false,
        });
        let result = self.call("createInvoice", &body).await?;
        RemoteInvoice::from_json(&result).ok_or_else(|| {
            CryptoPayError::Unclear(format!("createInvoice: no invoice in {}", snippet(&result)))
        })
    }

    /// `getInvoices` for these invoice ids; invoices that cannot be read are left out (logged).
    pub async fn get_invoices(&self, invoice_ids: &[i64]) -> Result<Vec<RemoteInvoice>, CryptoPayError> {
        let ids: Vec<String> = invoice_ids.iter().map(i64::to_string).collect();
        let body = json!({"invoice_ids": ids.join(","), "count": invoice_ids.len().clamp(1, 1000)});
        decode_invoice_list(&self.call("getInvoices", &body).await?)
    }

    /// One API call; an update waiting for it lets others run meanwhile.
    async fn call(&self, method: &str, body: &Value) -> Result<Value, CryptoPayError> {
        update_slots::outside(self.call_in_hand(method, body)).await
    }

    async fn call_in_hand(&self, method: &str, body: &Value) -> Result<Value, CryptoPayError> {
        let url = self
            .base
            .join(method)
            .map_err(|e| CryptoPayError::Unclear(format!("{method}: {e}")))?;
        let response = self
            .http
            .post(url)
            .header("Crypto-Pay-API-Token", self.token.expose())
            .json(body)
            .send()
            .await
            // Without the URL: reqwest's error would print it, and nothing else is secret in it,
            // but the token is a header and never printed.
            .map_err(|e| CryptoPayError::Unclear(format!("{method}: {}", e.without_url())))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| CryptoPayError::Unclear(format!("{method}: {}", e.without_url())))?;
        if bytes.len() > MAX_ANSWER_BYTES {
            return Err(CryptoPayError::Unclear(format!("{method}: answer too large")));
        }
        decode_envelope(&bytes).map_err(|e| match e {
            CryptoPayError::Unclear(why) => {
                CryptoPayError::Unclear(format!("{method}: HTTP {status}: {why}"))
            }
            refused => refused,
        })
    }
}

/// The envelope: `{"ok": true, "result": ...}` is the result; `{"ok": false, "error": {...}}`
/// a refusal; anything else is unclear.
pub fn decode_envelope(body: &[u8]) -> Result<Value, CryptoPayError> {
    let unreadable = || CryptoPayError::Unclear(format!("unreadable answer: {}", lossy_snippet(body)));
    let value: Value = serde_json::from_slice(body).map_err(|_| unreadable())?;
    match value.get("ok") {
        Some(Value::Bool(true)) => value.get("result").cloned().ok_or_else(unreadable),
        Some(Value::Bool(false)) => {
            let error = value.get("error").ok_or_else(unreadable)?;
            let code = error.get("code").and_then(Value::as_i64).unwrap_or(0);
            let name = error
                .get("name")
                .and_then(Value::as_str)
                .map(|n| n.chars().take(SNIPPET_CHARS).collect())
                .ok_or_else(unreadable)?;
            Err(CryptoPayError::Refused { code, name })
        }
        _ => Err(unreadable()),
    }
}

/// `getInvoices`' result: `{"items": [...]}`, or a bare array.
pub fn decode_invoice_list(result: &Value) -> Result<Vec<RemoteInvoice>, CryptoPayError> {
    let items = match result {
        Value::Array(items) => items,
        Value::Object(_) => match result.get("items") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(CryptoPayError::Unclear(format!(
                    "getInvoices: no items in {}",
                    snippet(result)
                )));
            }
        },
        _ => {
            return Err(CryptoPayError::Unclear(format!(
                "getInvoices: {}",
                snippet(result)
            )));
        }
    };
    Ok(items
        .iter()
        .filter_map(|item| {
            let invoice = RemoteInvoice::from_json(item);
            if invoice.is_none() {
                tracing::warn!(item = %snippet(item), "Crypto Pay listed an invoice that cannot be read");
            }
            invoice
        })
        .collect())
}

fn snippet(value: &Value) -> String {
    value.to_string().chars().take(SNIPPET_CHARS).collect()
}

fn lossy_snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(SNIPPET_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_are_results_refusals_or_unclear() {
        assert_eq!(
            decode_envelope(br#"{"ok":true,"result":{"a":1}}"#),
            Ok(json!({"a": 1}))
        );
        assert_eq!(
            decode_envelope(br#"{"ok":false,"error":{"code":400,"name":"INVOICE_NOT_FOUND"}}"#),
            Err(CryptoPayError::Refused {
                code: 400,
                name: "INVOICE_NOT_FOUND".into()
            })
        );
        for junk in [
            &b""[..],
            b"<html>502 Bad Gateway</html>",
            b"{}",
            b"[]",
            br#"{"ok":"true","result":{}}"#,
            br#"{"ok":true}"#,
            br#"{"ok":false}"#,
            br#"{"ok":false,"error":"nope"}"#,
            br#"{"result":{"status":"paid"}}"#,
        ] {
            assert!(
                matches!(decode_envelope(junk), Err(CryptoPayError::Unclear(_))),
                "{}",
                String::from_utf8_lossy(junk)
            );
        }
    }

    #[test]
    fn invoices_are_read_leniently_and_lists_either_way() {
        let invoice = json!({"invoice_id": "17", "status": "paid", "currency_type": "fiat",
            "fiat": "USD", "amount": 10.5, "payload": "cp1:3", "paid_asset": "TON"});
        let read = RemoteInvoice::from_json(&invoice).unwrap();
        assert_eq!((read.invoice_id, read.status.as_str()), (17, "paid"));
        assert_eq!(read.amount, Some(Decimal::new(105, 1)));
        assert_eq!(read.payload.as_deref(), Some("cp1:3"));
        for broken in [
            json!({"status": "paid"}),
            json!({"invoice_id": 0, "status": "paid"}),
            json!({"invoice_id": 5}),
            json!("x"),
        ] {
            assert_eq!(RemoteInvoice::from_json(&broken), None, "{broken}");
        }
        let listed = decode_invoice_list(&json!({"items": [invoice.clone(), {"junk": 1}]})).unwrap();
        assert_eq!(listed, std::slice::from_ref(&read));
        assert_eq!(decode_invoice_list(&json!([invoice])).unwrap(), [read]);
        assert!(decode_invoice_list(&json!({"count": 1})).is_err());
        assert!(decode_invoice_list(&json!(42)).is_err());
    }
}
