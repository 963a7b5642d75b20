//! Crypto Pay's `invoice_paid` webhook: the signature check over the exact bytes received, and
//! the update read after it.

use ring::{digest, hmac};
use serde_json::Value;

use super::client::RemoteInvoice;

/// The header Crypto Pay signs its webhook requests with.
pub const SIGNATURE_HEADER: &str = "crypto-pay-api-signature";

/// True when `signature_hex` is hex(HMAC-SHA256(key = SHA-256(token), message = body)). The
/// comparison is ring's, in constant time.
pub fn signature_is_valid(token: &str, body: &[u8], signature_hex: &[u8]) -> bool {
    let Some(signature) = decode_hex(signature_hex) else {
        return false;
    };
    let key_bytes = digest::digest(&digest::SHA256, token.as_bytes());
    let key = hmac::Key::new(hmac::HMAC_SHA256, key_bytes.as_ref());
    hmac::verify(&key, body, &signature).is_ok()
}

/// The invoice of an `invoice_paid` update; `None` for anything else.
pub fn paid_invoice(body: &[u8]) -> Option<RemoteInvoice> {
    let update: Value = serde_json::from_slice(body).ok()?;
    if update.get("update_type")?.as_str()? != "invoice_paid" {
        return None;
    }
    RemoteInvoice::from_json(update.get("payload")?)
}

fn decode_hex(text: &[u8]) -> Option<Vec<u8>> {
    let text = text.trim_ascii();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16);
    text.chunks(2)
        .map(|pair| u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok())
        .collect()
}

/// Signs `body` as Crypto Pay would: for the tests' fake, which must speak the same scheme.
pub fn sign(token: &str, body: &[u8]) -> String {
    let key_bytes = digest::digest(&digest::SHA256, token.as_bytes());
    let key = hmac::Key::new(hmac::HMAC_SHA256, key_bytes.as_ref());
    hmac::sign(&key, body)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "1234:AAtest";

    #[test]
    fn the_signature_is_checked_over_the_exact_bytes() {
        let body =
            br#"{"update_id":1,"update_type":"invoice_paid","payload":{"invoice_id":5,"status":"paid"}}"#;
        let good = sign(TOKEN, body);
        assert_eq!(good.len(), 64);
        assert!(signature_is_valid(TOKEN, body, good.as_bytes()));
        assert!(signature_is_valid(TOKEN, body, good.to_uppercase().as_bytes()));
        // Another token, one byte more in the body, a broken or empty signature: refused.
        assert!(!signature_is_valid("1234:AAother", body, good.as_bytes()));
        let mut longer = body.to_vec();
        longer.push(b' ');
        assert!(!signature_is_valid(TOKEN, &longer, good.as_bytes()));
        for bad in [
            "",
            "zz",
            &good[..62],
            &format!("{good}00"),
            &good.replace(&good[..2], "g0"),
        ] {
            assert!(!signature_is_valid(TOKEN, body, bad.as_bytes()), "{bad}");
        }
        // The key is SHA-256 of the token, not the token itself.
        let plain_key = hmac::Key::new(hmac::HMAC_SHA256, TOKEN.as_bytes());
        let wrong: String = hmac::sign(&plain_key, body)
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!signature_is_valid(TOKEN, body, wrong.as_bytes()));
    }

    #[test]
    fn only_invoice_paid_updates_carry_an_invoice() {
        let paid = br#"{"update_id":1,"update_type":"invoice_paid","payload":{"invoice_id":5,"status":"paid","payload":"cp1:2"}}"#;
        let invoice = paid_invoice(paid).unwrap();
        assert_eq!(
            (invoice.invoice_id, invoice.payload.as_deref()),
            (5, Some("cp1:2"))
        );
        for other in [
            &br#"{"update_type":"something_else","payload":{"invoice_id":5,"status":"paid"}}"#[..],
            br#"{"update_type":"invoice_paid"}"#,
            br#"{"update_type":"invoice_paid","payload":{"status":"paid"}}"#,
            b"not json",
        ] {
            assert_eq!(paid_invoice(other), None);
        }
    }
}
