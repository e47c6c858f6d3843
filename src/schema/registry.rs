//! The classes of one namespace: lookup by name (case-insensitive), parent/child relations
//! by name, deep subclass iteration and association detection. Each entry carries data of
//! the owner's choice (the provider host keeps the provider and its declaration there).
//!
//! Relations go by name, so a class may be registered before its parent; a class whose
//! parent is never registered is a root here. Registering a class that would close a
//! cycle of superclass names is refused.

use super::model::{ClassModel, fold};
use super::{Reason, SchemaError};
use crate::abi::*;
use crate::strings;
use std::collections::HashMap;
use std::sync::Arc;

/// One registered class.
#[derive(Debug)]
pub(crate) struct Entry<T> {
    pub(crate) model: Arc<ClassModel>,
    pub(crate) data: T,
}

/// The classes of one namespace.
#[derive(Debug)]
pub(crate) struct Registry<T = ()> {
    entries: Vec<Entry<T>>,
    by_name: HashMap<String, usize>,
    /// Direct subclasses of each entry, in registration order.
    children: Vec<Vec<usize>>,
    /// Registered classes whose parent (folded name) is not registered (yet).
    waiting: HashMap<String, Vec<usize>>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            by_name: HashMap::new(),
            children: Vec::new(),
            waiting: HashMap::new(),
        }
    }
}

impl<T> Registry<T> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every class, in registration order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Entry<T>> {
        self.entries.iter()
    }

    /// Registers a class (a model that passed [`ClassModel::check`]). Refused: a name
    /// already registered, or a superclass chain through registered classes that comes
    /// back to this class.
    pub(crate) fn insert(&mut self, model: Arc<ClassModel>, data: T) -> Result<(), SchemaError> {
        let key = fold(model.name.as_str());
        let place = || format!("class `{}`", model.name.as_str());
        if self.by_name.contains_key(&key) {
            return Err(SchemaError::new(
                place(),
                Reason::Duplicate(model.name.as_str().to_owned()),
            ));
        }
        // No cycle existed before, so the walk up from the parent ends within `len` steps
        // unless it reaches this class.
        let mut up = model.superclass.as_ref().map(|s| fold(s.as_str()));
        let mut steps = 0;
        while let Some(name) = up {
            if name == key {
                return Err(SchemaError::new(place(), Reason::Cycle));
            }
            steps += 1;
            if steps > self.entries.len() {
                break;
            }
            up = self
                .by_name
                .get(&name)
                .and_then(|&i| self.entries[i].model.superclass.as_ref())
                .map(|s| fold(s.as_str()));
        }
        let index = self.entries.len();
        let parent = model.superclass.as_ref().map(|s| fold(s.as_str()));
        self.entries.push(Entry { model, data });
        self.children.push(self.waiting.remove(&key).unwrap_or_default());
        self.by_name.insert(key, index);
        if let Some(p) = parent {
            match self.by_name.get(&p) {
                Some(&pi) => self.children[pi].push(index),
                None => self.waiting.entry(p).or_default().push(index),
            }
        }
        Ok(())
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(&fold(name)).copied()
    }

    /// The class called `name` (case-insensitive).
    pub(crate) fn get(&self, name: &str) -> Option<&Entry<T>> {
        self.index(name).map(|i| &self.entries[i])
    }

    /// The registered parent of `name`.
    pub(crate) fn parent(&self, name: &str) -> Option<&Entry<T>> {
        let s = self.get(name)?.model.superclass.as_ref()?;
        self.get(s.as_str())
    }

    /// The registered ancestors of `name`, nearest first.
    pub(crate) fn ancestors<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Entry<T>> + 'a {
        let start = self.index(name);
        let mut seen = 0usize;
        std::iter::successors(start.map(|i| &self.entries[i]), move |e| {
            seen += 1;
            if seen > self.entries.len() {
                return None;
            }
            self.get(e.model.superclass.as_ref()?.as_str())
        })
        .skip(1)
    }

    /// The direct subclasses of `name`, in registration order.
    pub(crate) fn children<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Entry<T>> + 'a {
        let list: &[usize] = self.index(name).map_or(&[], |i| &self.children[i]);
        list.iter().map(|&i| &self.entries[i])
    }

    /// Every subclass of `name` at any depth (not `name` itself), parents before their
    /// children, siblings in registration order.
    pub(crate) fn subclasses(&self, name: &str) -> Subclasses<'_, T> {
        let mut stack: Vec<usize> = Vec::new();
        if let Some(i) = self.index(name) {
            stack.extend(self.children[i].iter().rev());
        }
        Subclasses { reg: self, stack }
    }

    /// Whether `name` is `ancestor` or a subclass of it (registered classes).
    pub(crate) fn is_a(&self, name: &str, ancestor: &str) -> bool {
        self.get(name)
            .is_some_and(|e| strings::cim_eq(e.model.name.as_str(), ancestor))
            || self
                .ancestors(name)
                .any(|e| strings::cim_eq(e.model.name.as_str(), ancestor))
    }

    /// Whether `name` is an association: it or an ancestor (registered, or resolved in the
    /// model) declares itself one.
    pub(crate) fn is_association(&self, name: &str) -> bool {
        let Some(e) = self.get(name) else { return false };
        e.model.is_association() || self.ancestors(name).any(|a| a.model.is_association())
    }

    /// The association classes with a reference property that can point to an instance
    /// of `name`: its class is `name` or one of its ancestors, or it names no class.
    pub(crate) fn associations_of(&self, name: &str) -> Vec<&Entry<T>> {
        self.entries
            .iter()
            .filter(|a| self.is_association(a.model.name.as_str()))
            .filter(|a| {
                a.model.properties.iter().any(|p| {
                    p.ty == MI_REFERENCE && p.class_name.as_ref().is_none_or(|c| self.is_a(name, c.as_str()))
                })
            })
            .collect()
    }
}

/// Iterator of [`Registry::subclasses`].
pub(crate) struct Subclasses<'a, T> {
    reg: &'a Registry<T>,
    stack: Vec<usize>,
}

impl<'a, T> Iterator for Subclasses<'a, T> {
    type Item = &'a Entry<T>;

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.stack.pop()?;
        // The children relation is a forest (insert refuses cycles), so each class is
        // visited once.
        self.stack.extend(self.reg.children[i].iter().rev());
        Some(&self.reg.entries[i])
    }
}
