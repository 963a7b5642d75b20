//! What nearly every update reads and little ever changes, kept in memory: the maintenance
//! switch, the catalogue on sale, and who the users are. Each query is a hand-off to SQLite's
//! worker thread and back; an update that browses the shop needs none of them twice.
//!
//! Only this process writes the database, and every write of what is kept here goes through a
//! `Db` method that refreshes or forgets it after its commit. A reader that loaded from the
//! database keeps what it loaded only if nothing was forgotten meanwhile (the generation), so a
//! read racing a write never leaves the old value behind.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::catalogue::{CategoryRow, Service};
use crate::i18n::Lang;

/// Users remembered at most; past it the memory starts afresh (a bounded cache, not a copy).
const MAX_USERS: usize = 50_000;

#[derive(Debug, Default)]
pub(super) struct Cache {
    maintenance: Mutex<Option<bool>>,
    catalogue: Mutex<Slot<Arc<OnSale>>>,
    users: Mutex<Slot<HashMap<i64, Remembered>>>,
}

/// A cached value with the generation it belongs to.
#[derive(Debug, Default)]
struct Slot<T> {
    generation: u64,
    value: Option<T>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks leaves plain data behind, still usable.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Cache {
    pub(super) fn maintenance(&self) -> Option<bool> {
        *lock(&self.maintenance)
    }

    /// What the database said, kept unless a writer set it meanwhile.
    pub(super) fn maintenance_read(&self, on: bool) {
        lock(&self.maintenance).get_or_insert(on);
    }

    pub(super) fn maintenance_written(&self, on: bool) {
        *lock(&self.maintenance) = Some(on);
    }

    /// The catalogue on sale, or the generation a loader must quote to keep what it loads.
    pub(super) fn catalogue(&self) -> Result<Arc<OnSale>, u64> {
        let slot = lock(&self.catalogue);
        slot.value.clone().ok_or(slot.generation)
    }

    pub(super) fn catalogue_loaded(&self, generation: u64, on_sale: Arc<OnSale>) {
        let mut slot = lock(&self.catalogue);
        if slot.generation == generation {
            slot.value = Some(on_sale);
        }
    }

    pub(super) fn forget_catalogue(&self) {
        let mut slot = lock(&self.catalogue);
        slot.generation += 1;
        slot.value = None;
    }

    /// The user as last written, if that was lately enough and `is_current` still holds; else
    /// the generation a writer must quote to keep what it writes.
    pub(super) fn user(&self, id: i64, is_current: impl Fn(&Remembered) -> bool) -> Result<Visitor, u64> {
        let slot = lock(&self.users);
        match slot.value.as_ref().and_then(|users| users.get(&id)) {
            Some(remembered) if is_current(remembered) => Ok(remembered.visitor.clone()),
            _ => Err(slot.generation),
        }
    }

    pub(super) fn user_written(&self, generation: u64, remembered: Remembered) {
        let mut slot = lock(&self.users);
        if slot.generation != generation {
            return;
        }
        let users = slot.value.get_or_insert_with(HashMap::new);
        if users.len() >= MAX_USERS {
            users.clear();
        }
        users.insert(remembered.visitor.id, remembered);
    }

    pub(super) fn forget_user(&self, id: i64) {
        let mut slot = lock(&self.users);
        slot.generation += 1;
        if let Some(users) = slot.value.as_mut() {
            users.remove(&id);
        }
    }
}

/// Who is behind an update, as the bot's routing needs it (the balance is read where shown:
/// it changes in places this cache does not see).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visitor {
    pub id: i64,
    pub first_name: String,
    /// Their language, `None` when the stored code is not one we speak.
    pub lang: Option<Lang>,
    pub banned: bool,
}

/// A user's row as last written by [`super::Db::touch_user`].
#[derive(Debug, Clone)]
pub(super) struct Remembered {
    pub visitor: Visitor,
    pub username: Option<String>,
    pub written_at: i64,
}

/// Every service on sale, and its categories, ordered as customers browse them.
#[derive(Debug, Default)]
pub struct OnSale {
    /// Categories with something on sale, by name (ASCII case folded, as SQLite's NOCASE) and id.
    pub categories: Vec<CategoryRow>,
    /// Each category's services on sale, cheapest per 1000 first, then by id.
    pub services: HashMap<i64, Vec<Service>>,
    /// Where each service is in `services`: its category and place.
    places: HashMap<i64, (i64, usize)>,
}

impl OnSale {
    /// A service on sale, by our id.
    pub fn service(&self, id: i64) -> Option<&Service> {
        let (category, index) = self.places.get(&id)?;
        self.services.get(category)?.get(*index)
    }
}

impl OnSale {
    pub(super) fn new(services: Vec<Service>) -> Self {
        let mut by_category: HashMap<i64, Vec<Service>> = HashMap::new();
        let mut categories: Vec<CategoryRow> = Vec::new();
        for service in services {
            let listed = by_category.entry(service.category_id).or_default();
            if listed.is_empty() {
                categories.push(CategoryRow {
                    id: service.category_id,
                    name: service.category.clone(),
                    services: 0,
                });
            }
            listed.push(service);
        }
        for category in &mut categories {
            let listed = by_category.entry(category.id).or_default();
            // As the query orders them: integer price per 1000 items, then id.
            listed.sort_by_key(|s| {
                (
                    s.price_minor.unwrap_or(0).saturating_mul(1000) / s.unit_items.max(1),
                    s.id,
                )
            });
            category.services = i64::try_from(listed.len()).unwrap_or(i64::MAX);
        }
        categories.sort_by_key(|c| (c.name.to_ascii_lowercase(), c.id));
        let places = by_category
            .iter()
            .flat_map(|(category, listed)| {
                listed
                    .iter()
                    .enumerate()
                    .map(move |(index, service)| (service.id, (*category, index)))
            })
            .collect();
        Self {
            categories,
            services: by_category,
            places,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_that_raced_a_change_is_not_kept() {
        let cache = Cache::default();
        let generation = cache.catalogue().unwrap_err();
        // A change commits while the load is under way: what the load read may be old.
        cache.forget_catalogue();
        cache.catalogue_loaded(generation, Arc::default());
        let next = cache.catalogue().expect_err("the raced load was dropped");
        cache.catalogue_loaded(next, Arc::default());
        assert!(cache.catalogue().is_ok());

        let visitor = Visitor {
            id: 7,
            first_name: "T".into(),
            lang: Some(Lang::En),
            banned: false,
        };
        let remembered = || Remembered {
            visitor: visitor.clone(),
            username: None,
            written_at: 0,
        };
        let generation = cache.user(7, |_| true).unwrap_err();
        cache.forget_user(7); // banned meanwhile
        cache.user_written(generation, remembered());
        let generation = cache.user(7, |_| true).expect_err("not kept");
        cache.user_written(generation, remembered());
        assert_eq!(cache.user(7, |_| true), Ok(visitor));
        assert!(
            cache.user(7, |_| false).is_err(),
            "stale entries are written again"
        );
    }

    #[test]
    fn maintenance_read_never_overrides_a_write() {
        let cache = Cache::default();
        assert_eq!(cache.maintenance(), None);
        cache.maintenance_written(true);
        cache.maintenance_read(false); // a read that started before the write
        assert_eq!(cache.maintenance(), Some(true));
    }
}
