//! `REQUIRED_CHANNEL`: the channel customers must join before using the shop — its public
//! `@username`, or its numeric id (`-100…`) for a private one.

use url::Url;

use super::ConfigError;

const VAR: &str = "REQUIRED_CHANNEL";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequiredChannel {
    /// Without its `@`.
    Username(String),
    Id(i64),
}

impl RequiredChannel {
    /// As admins read it in logs and in `smmbot check`.
    pub fn display(&self) -> String {
        match self {
            Self::Username(name) => format!("@{name}"),
            Self::Id(id) => id.to_string(),
        }
    }

    /// The public link a join button opens; a private channel has none of its own (its invite
    /// link is asked from Telegram).
    pub fn public_link(&self) -> Option<Url> {
        match self {
            Self::Username(name) => {
                Some(Url::parse(&format!("https://t.me/{name}")).expect("a checked username"))
            }
            Self::Id(_) => None,
        }
    }
}

/// `None` when `REQUIRED_CHANNEL` is not set.
pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<RequiredChannel>, ConfigError> {
    let Some(raw) = get(VAR) else {
        return Ok(None);
    };
    let raw = raw.trim();
    if let Some(name) = raw.strip_prefix('@')
        && super::support::is_username(name)
    {
        return Ok(Some(RequiredChannel::Username(name.to_string())));
    }
    // Channels' ids are negative; a positive number would be a person.
    match raw.parse::<i64>() {
        Ok(id) if id < 0 => Ok(Some(RequiredChannel::Id(id))),
        _ => Err(ConfigError::new(
            VAR,
            format!("is {raw:?}; use the channel's @username or its numeric id such as -1001234567890"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: &str) -> Result<Option<RequiredChannel>, ConfigError> {
        from_lookup(&|name: &str| (name == VAR).then(|| value.to_string()))
    }

    #[test]
    fn a_username_or_a_channel_id_is_a_required_channel() {
        let public = read(" @shop_news ").unwrap().unwrap();
        assert_eq!(public, RequiredChannel::Username("shop_news".into()));
        assert_eq!(public.display(), "@shop_news");
        assert_eq!(public.public_link().unwrap().as_str(), "https://t.me/shop_news");
        let private = read("-1001234567890").unwrap().unwrap();
        assert_eq!(private, RequiredChannel::Id(-1_001_234_567_890));
        assert_eq!(private.public_link(), None);
        assert_eq!(from_lookup(&|_: &str| None).unwrap(), None);
    }

    #[test]
    fn anything_else_is_refused_in_one_line_naming_the_variable() {
        for wrong in [
            "shop_news",
            "@ab",
            "@shop-news",
            "12345",
            "https://t.me/shop_news",
            "-12x",
        ] {
            let error = read(wrong).unwrap_err();
            assert_eq!(error.var, VAR, "{wrong}");
            assert!(!error.to_string().contains('\n'), "{error}");
        }
    }
}
