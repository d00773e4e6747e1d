//! `Query`: the percent-encoded query options of a request, in order.

use super::encode::{encode_query_list, encode_query_name, encode_query_value};

/// Query options as encoded `name=value` pairs, in the order first set. Setting
/// an option again replaces its value in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    /// Encoded names and values.
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Sets the option `name` (encoded here) to the already encoded `value`.
    fn set_encoded(&mut self, name: &str, value: String) {
        let name = encode_query_name(name);
        match self.pairs.iter_mut().find(|(n, _)| *n == name) {
            Some(pair) => pair.1 = value,
            None => self.pairs.push((name, value)),
        }
    }

    /// Sets the option `name` to `value`, both encoded here.
    pub(crate) fn set(&mut self, name: &str, value: &str) {
        self.set_encoded(name, encode_query_value(value));
    }

    /// Sets the option `name` to the comma-separated list `items`, each encoded.
    pub(crate) fn set_list<I, S>(&mut self, name: &str, items: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.set_encoded(name, encode_query_list(items));
    }

    /// Removes the option `name`.
    pub(crate) fn remove(&mut self, name: &str) {
        let name = encode_query_name(name);
        self.pairs.retain(|(n, _)| *n != name);
    }

    /// Whether the option `name` is set.
    pub(crate) fn contains(&self, name: &str) -> bool {
        let name = encode_query_name(name);
        self.pairs.iter().any(|(n, _)| *n == name)
    }

    /// The encoded pairs, in order.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}
