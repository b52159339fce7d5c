//! Fixed-size lists read whole: `scenes = [1, 2, 3]` where two numbers belong is
//! a mistake to report, not a range `[1, 2]` with the 3 dropped, as serde's arrays
//! read TOML. Use with `#[serde(deserialize_with = "exactly::array")]` (or
//! `exactly::option_array` on an `Option`). Formats that know the length (bincode)
//! read the same bytes as a plain array.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, SeqAccess, Visitor};

/// An array of exactly `N` items.
pub fn array<'de, D, T, const N: usize>(deserializer: D) -> Result<[T; N], D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_tuple(N, Items::<T, N>(PhantomData))
}

/// An optional array of exactly `N` items.
pub fn option_array<'de, D, T, const N: usize>(deserializer: D) -> Result<Option<[T; N]>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_option(Maybe::<T, N>(PhantomData))
}

struct Items<T, const N: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for Items<T, N> {
    type Value = [T; N];

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of {N}")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[T; N], A::Error> {
        let mut items = Vec::with_capacity(N);
        while let Some(item) = seq.next_element()? {
            if items.len() == N {
                return Err(A::Error::invalid_length(N + 1, &self));
            }
            items.push(item);
        }
        let len = items.len();
        items
            .try_into()
            .map_err(|_| A::Error::invalid_length(len, &self))
    }
}

struct Maybe<T, const N: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for Maybe<T, N> {
    type Value = Option<[T; N]>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of {N}")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        array(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Range {
        #[serde(deserialize_with = "super::array")]
        scenes: [u32; 2],
        #[serde(default, deserialize_with = "super::option_array")]
        size: Option<[u32; 2]>,
    }

    #[test]
    fn a_list_of_another_length_is_refused() {
        let read = |text: &str| toml::from_str::<Range>(text);
        assert_eq!(
            read("scenes = [1, 4]").unwrap(),
            Range {
                scenes: [1, 4],
                size: None
            }
        );
        assert_eq!(
            read("scenes = [1, 4]\nsize = [2, 3]").unwrap().size,
            Some([2, 3])
        );
        for wrong in [
            "scenes = [1, 2, 3]",
            "scenes = [1]",
            "scenes = [1, 2]\nsize = [1, 2, 3]",
        ] {
            let err = read(wrong).unwrap_err().to_string();
            assert!(err.contains("a list of 2"), "{wrong}: {err}");
        }
    }

    #[test]
    fn bincode_reads_what_it_wrote() {
        let config = bincode::config::standard();
        let range = Range {
            scenes: [3, 9],
            size: Some([320, 240]),
        };
        let bytes = bincode::serde::encode_to_vec(&range, config).unwrap();
        let (back, _): (Range, usize) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, range);
        let none = Range {
            size: None,
            ..range
        };
        let bytes = bincode::serde::encode_to_vec(&none, config).unwrap();
        let (back, _): (Range, usize) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, none);
    }
}
