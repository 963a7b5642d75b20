//! `SUPPORT_CONTACT`: where customers can reach the shop besides the bot itself — a Telegram
//! @username or an https link (a support chat, a web page).

use url::Url;

use super::ConfigError;

const VAR: &str = "SUPPORT_CONTACT";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupportContact {
    /// Without its `@`.
    Username(String),
    Link(Url),
}

impl SupportContact {
    /// As customers read it: `@name`, or the link.
    pub fn display(&self) -> String {
        match self {
            Self::Username(name) => format!("@{name}"),
            Self::Link(url) => url.to_string(),
        }
    }

    /// Where a button opens it.
    pub fn url(&self) -> Url {
        match self {
            Self::Username(name) => Url::parse(&format!("https://t.me/{name}")).expect("a checked username"),
            Self::Link(url) => url.clone(),
        }
    }
}

/// `None` when `SUPPORT_CONTACT` is not set.
pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<SupportContact>, ConfigError> {
    let Some(raw) = get(VAR) else {
        return Ok(None);
    };
    let raw = raw.trim();
    if let Some(name) = raw.strip_prefix('@') {
        return if is_username(name) {
            Ok(Some(SupportContact::Username(name.to_string())))
        } else {
            Err(ConfigError::new(
                VAR,
                format!(
                    "is {raw:?}, not a Telegram username (5–32 letters, digits or _, starting with a letter)"
                ),
            ))
        };
    }
    match Url::parse(raw) {
        Ok(url) if url.scheme() == "https" && url.host_str().is_some_and(|host| !host.is_empty()) => {
            Ok(Some(SupportContact::Link(url)))
        }
        _ => Err(ConfigError::new(
            VAR,
            format!("is {raw:?}; use an @username or an https:// link"),
        )),
    }
}

/// Telegram's rule for usernames.
pub(super) fn is_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: &str) -> Result<Option<SupportContact>, ConfigError> {
        from_lookup(&|name: &str| (name == VAR).then(|| value.to_string()))
    }

    #[test]
    fn usernames_and_https_links_are_contacts() {
        let username = read(" @shop_help ").unwrap().unwrap();
        assert_eq!(username.display(), "@shop_help");
        assert_eq!(username.url().as_str(), "https://t.me/shop_help");
        let link = read("https://example.com/help").unwrap().unwrap();
        assert_eq!(link.display(), "https://example.com/help");
        assert_eq!(link.url(), link_url());
        assert_eq!(from_lookup(&|_: &str| None).unwrap(), None);
    }

    fn link_url() -> Url {
        Url::parse("https://example.com/help").unwrap()
    }

    #[test]
    fn anything_else_is_refused_in_one_line_naming_the_variable() {
        for wrong in [
            "@ab",
            "@1shop",
            "@shop-help",
            "shop_help",
            "http://example.com",
            "https://",
            "t.me/x",
        ] {
            let error = read(wrong).unwrap_err();
            assert_eq!(error.var, VAR, "{wrong}");
            assert!(!error.to_string().contains('\n'), "{error}");
        }
    }
}
