//! API keys: made from the system's randomness, shown to their owner once, stored only as their
//! SHA-256. A presented key is found by its hash, so no stored secret is ever compared with it
//! byte by byte.

use std::fmt::Write as _;

use ring::digest::{SHA256, digest};
use ring::rand::{SecureRandom, SystemRandom};

use crate::db::Db;
use crate::error::{Error, Result};

/// Random bytes in a key (hex-encoded, so twice as many characters).
const KEY_BYTES: usize = 24;
/// Longer than any key we make: such a "key" is refused without hashing it.
pub const MAX_KEY_LEN: usize = 128;

/// Why a customer may not have a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRefused {
    /// Only resellers may, and an admin has not marked this customer as one.
    NotReseller,
}

/// Whether the customer may hold a key: anyone, or with `resellers_only` only resellers.
pub async fn may_hold(db: &Db, user_id: i64, resellers_only: bool) -> Result<Result<(), KeyRefused>> {
    if resellers_only && !db.reseller_terms(user_id).await?.is_reseller {
        return Ok(Err(KeyRefused::NotReseller));
    }
    Ok(Ok(()))
}

/// Makes the customer a new key, replacing (and so revoking) the one they had; returns it, to
/// be shown once.
pub async fn create(db: &Db, user_id: i64, resellers_only: bool) -> Result<Result<String, KeyRefused>> {
    if let Err(refused) = may_hold(db, user_id, resellers_only).await? {
        return Ok(Err(refused));
    }
    let key = random_hex(KEY_BYTES)?;
    db.replace_api_key(user_id, &hash(&key)).await?;
    tracing::info!(user_id, "API key created");
    Ok(Ok(key))
}

/// Revokes the customer's key at once; false when they had none.
pub async fn revoke(db: &Db, user_id: i64) -> Result<bool> {
    let revoked = db.revoke_api_key(user_id).await?;
    if revoked {
        tracing::info!(user_id, "API key revoked");
    }
    Ok(revoked)
}

/// The SHA-256 of a key, in lowercase hex: what the database keeps.
pub fn hash(key: &str) -> String {
    hex(digest(&SHA256, key.as_bytes()).as_ref())
}

/// `bytes` random bytes from the system, in lowercase hex.
pub fn random_hex(bytes: usize) -> Result<String> {
    let mut buffer = vec![0u8; bytes];
    SystemRandom::new()
        .fill(&mut buffer)
        .map_err(|_| Error::Internal("the system's randomness is unavailable".into()))?;
    Ok(hex(&buffer))
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::{customer, temp_db};

    #[test]
    fn a_key_is_stored_as_its_sha256() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let (a, b) = (random_hex(KEY_BYTES).unwrap(), random_hex(KEY_BYTES).unwrap());
        assert_eq!(a.len(), 2 * KEY_BYTES);
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn only_resellers_get_a_key_when_the_shop_says_so() {
        let (db, _dir) = temp_db().await;
        customer(&db, 7).await;
        assert_eq!(create(&db, 7, true).await.unwrap(), Err(KeyRefused::NotReseller));
        db.set_reseller(7, true).await.unwrap();
        let key = create(&db, 7, true).await.unwrap().unwrap();
        assert_eq!(db.api_key_owner(&hash(&key)).await.unwrap().unwrap().user_id, 7);
        assert_eq!(
            db.api_key_owner(&key).await.unwrap(),
            None,
            "the key itself is not stored"
        );
        assert!(revoke(&db, 7).await.unwrap());
        assert_eq!(db.api_key_owner(&hash(&key)).await.unwrap(), None);
    }
}
