//! `API_LISTEN`, `API_RESELLERS_ONLY`, `API_RPS`: the shop's own panel API v2, through which
//! other panels and bots resell its catalogue.

use std::net::SocketAddr;
use std::num::NonZeroU32;

use super::{ConfigError, parse_positive, parse_socket_addr};

/// Requests a second one key may make when `API_RPS` is not set.
const DEFAULT_RPS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiConfig {
    /// Where `/api/v2` is served, usually behind the owner's TLS proxy.
    pub listen: SocketAddr,
    /// Only customers an admin marked as resellers may create a key.
    pub resellers_only: bool,
    /// Requests per second allowed to each key.
    pub requests_per_second: NonZeroU32,
}

/// `None` when `API_LISTEN` is not set: the API is off.
pub(super) fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<Option<ApiConfig>, ConfigError> {
    let Some(listen) = get("API_LISTEN") else {
        // Settings for an API that is off are a mistake worth stopping for.
        for var in ["API_RESELLERS_ONLY", "API_RPS"] {
            if get(var).is_some() {
                return Err(ConfigError::new(
                    var,
                    "is set but API_LISTEN is not; set API_LISTEN to serve the API",
                ));
            }
        }
        return Ok(None);
    };
    let resellers_only = match get("API_RESELLERS_ONLY").as_deref().map(str::trim) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ConfigError::new(
                "API_RESELLERS_ONLY",
                format!("is {other:?}; use true or false"),
            ));
        }
    };
    let requests_per_second = match get("API_RPS") {
        Some(raw) => u32::try_from(parse_positive("API_RPS", &raw)?)
            .ok()
            .and_then(NonZeroU32::new)
            .ok_or_else(|| ConfigError::new("API_RPS", format!("is {raw:?}; far too many")))?,
        None => NonZeroU32::new(DEFAULT_RPS).expect("a constant above 0"),
    };
    Ok(Some(ApiConfig {
        listen: parse_socket_addr("API_LISTEN", &listen)?,
        resellers_only,
        requests_per_second,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Option<ApiConfig>, ConfigError> {
        from_lookup(&|name: &str| {
            pairs
                .iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| value.to_string())
        })
    }

    #[test]
    fn the_api_is_off_unless_it_has_an_address() {
        assert_eq!(read(&[]).unwrap(), None);
        let api = read(&[("API_LISTEN", "127.0.0.1:8090")]).unwrap().unwrap();
        assert_eq!(api.listen, "127.0.0.1:8090".parse().unwrap());
        assert!(!api.resellers_only);
        assert_eq!(api.requests_per_second.get(), 10);
        let api = read(&[
            ("API_LISTEN", "127.0.0.1:8090"),
            ("API_RESELLERS_ONLY", "true"),
            ("API_RPS", "3"),
        ])
        .unwrap()
        .unwrap();
        assert!(api.resellers_only);
        assert_eq!(api.requests_per_second.get(), 3);
    }

    #[test]
    fn bad_values_and_orphan_settings_are_refused_naming_the_variable() {
        for (pairs, var) in [
            (vec![("API_LISTEN", "8090")], "API_LISTEN"),
            (
                vec![("API_LISTEN", "127.0.0.1:8090"), ("API_RPS", "0")],
                "API_RPS",
            ),
            (
                vec![("API_LISTEN", "127.0.0.1:8090"), ("API_RPS", "99999999999")],
                "API_RPS",
            ),
            (
                vec![("API_LISTEN", "127.0.0.1:8090"), ("API_RESELLERS_ONLY", "yes")],
                "API_RESELLERS_ONLY",
            ),
            (vec![("API_RPS", "5")], "API_RPS"),
            (vec![("API_RESELLERS_ONLY", "true")], "API_RESELLERS_ONLY"),
        ] {
            assert_eq!(read(&pairs).unwrap_err().var, var, "{pairs:?}");
        }
    }
}
