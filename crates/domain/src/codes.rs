//! Enums stored and sent as text. One macro gives each its code, its parser, the list of its
//! variants and its JSON form, so the stored word, the API's word and the parser cannot drift.

/// `str_enum!(/// docs  pub Name { Variant => "code", … });` declares a fieldless enum that is
/// `Copy`, compares and hashes, with `ALL`, `as_str`, `parse`, and serde as its code.
#[macro_export]
macro_rules! str_enum {
    ($(#[$m:meta])* $vis:vis $name:ident { $($(#[$vm:meta])* $variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: [$name; <[&str]>::len(&[$($s),+])] = [$($name::$variant),+];

            /// The code this variant is stored and sent as.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <String as $crate::serde::Deserialize>::deserialize(deserializer)?;
                $name::parse(&code)
                    .ok_or_else(|| <D::Error as $crate::serde::de::Error>::unknown_variant(&code, &[$($s),+]))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::str_enum!(
        /// A test enum.
        Sample {
            /// The first.
            One => "satu",
            Two => "dua_dua",
        }
    );

    #[test]
    fn codes_parse_back_and_serialize_as_themselves() {
        for s in Sample::ALL {
            assert_eq!(Sample::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
            assert_eq!(serde_json::from_str::<Sample>(&format!("\"{}\"", s.as_str())).unwrap(), s);
        }
        assert_eq!(Sample::parse("Two"), None);
        assert!(serde_json::from_str::<Sample>("\"tiga\"").is_err());
    }
}
