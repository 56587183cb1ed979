//! Feature `serde`: Variants (scalars, SAFEARRAYs of 1 to 3 dimensions, nested VARIANT
//! arrays, by-reference values) deserialized into Rust types, and every refusal as an
//! error with the right HRESULT and the path to the bad element.
//!
//! Run with `cargo test -p comtypes --features serde --test variant_serde`.
#![cfg(feature = "serde")]

use comtypes::hresult::{DISP_E_OVERFLOW, DISP_E_TYPEMISMATCH, E_FAIL};
use comtypes::safearray::SafeArray;
use comtypes::variant::{DeserializeError, VariantDeserializer, VT_ARRAY, VT_I4};
use comtypes::{
    implement, interface, Bstr, Currency, Date, Decimal, IUnknown, Interface, Variant, HRESULT,
};
use serde::de::{self, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

fn va(items: Vec<Variant>) -> Variant {
    Variant::from(items)
}

fn v<T>(x: T) -> Variant
where
    Variant: From<T>,
{
    Variant::from(x)
}

fn de<T: serde::de::DeserializeOwned>(value: &Variant) -> Result<T, DeserializeError> {
    T::deserialize(VariantDeserializer::new(value))
}

/// What `deserialize_any` called, to check the mapping by VARTYPE.
#[derive(Debug, PartialEq)]
enum Seen {
    Unit,
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    Str(String),
    Bytes(Vec<u8>),
    Seq(Vec<Seen>),
}

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Seen, D::Error> {
        d.deserialize_any(SeenVisitor)
    }
}

struct SeenVisitor;

macro_rules! seen {
    ($($visit:ident $t:ty => $arm:ident;)*) => {$(
        fn $visit<E>(self, v: $t) -> Result<Seen, E> {
            Ok(Seen::$arm(v))
        }
    )*};
}

impl<'de> Visitor<'de> for SeenVisitor {
    type Value = Seen;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("anything")
    }
    seen! {
        visit_bool bool => Bool;
        visit_i8 i8 => I8;
        visit_i16 i16 => I16;
        visit_i32 i32 => I32;
        visit_i64 i64 => I64;
        visit_u8 u8 => U8;
        visit_u16 u16 => U16;
        visit_u32 u32 => U32;
        visit_u64 u64 => U64;
        visit_f32 f32 => F32;
        visit_f64 f64 => F64;
        visit_string String => Str;
        visit_byte_buf Vec<u8> => Bytes;
    }
    fn visit_str<E>(self, v: &str) -> Result<Seen, E> {
        Ok(Seen::Str(v.to_string()))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Seen, E> {
        Ok(Seen::Bytes(v.to_vec()))
    }
    fn visit_unit<E>(self) -> Result<Seen, E> {
        Ok(Seen::Unit)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Seen::Seq(items))
    }
}

/// A byte buffer that asks for bytes (as `serde_bytes::ByteBuf` does).
#[derive(Debug, PartialEq)]
struct Bytes(Vec<u8>);

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        d.deserialize_byte_buf(SeenVisitor)
            .and_then(|seen| match seen {
                Seen::Bytes(b) => Ok(Bytes(b)),
                Seen::Seq(items) => items
                    .into_iter()
                    .map(|s| match s {
                        Seen::U8(b) => Ok(b),
                        other => Err(de::Error::custom(format!("not a byte: {other:?}"))),
                    })
                    .collect::<Result<_, _>>()
                    .map(Bytes),
                other => Err(de::Error::custom(format!("not bytes: {other:?}"))),
            })
    }
}

#[test]
fn deserialize_any_follows_the_vartype() {
    let cases: Vec<(Variant, Seen)> = vec![
        (Variant::empty(), Seen::Unit),
        (Variant::null(), Seen::Unit),
        (v(-5i8), Seen::I8(-5)),
        (v(-300i16), Seen::I16(-300)),
        (v(-70000i32), Seen::I32(-70000)),
        (v(-(1i64 << 40)), Seen::I64(-(1 << 40))),
        (v(200u8), Seen::U8(200)),
        (v(60000u16), Seen::U16(60000)),
        (v(4_000_000_000u32), Seen::U32(4_000_000_000)),
        (v(u64::MAX), Seen::U64(u64::MAX)),
        (v(1.5f32), Seen::F32(1.5)),
        (v(-2.25f64), Seen::F64(-2.25)),
        (v(true), Seen::Bool(true)),
        (v("héllo"), Seen::Str("héllo".into())),
        (v(Currency::from_raw(12_345)), Seen::F64(1.2345)),
        (v(Decimal::new(-15, 1).unwrap()), Seen::F64(-1.5)),
        (v(Date::from_ole(45_000.5)), Seen::F64(45_000.5)),
        (Variant::error(E_FAIL), Seen::I32(E_FAIL.0)),
        (Variant::from(None::<IUnknown>), Seen::Unit),
        (
            v(vec![1i32, 2]),
            Seen::Seq(vec![Seen::I32(1), Seen::I32(2)]),
        ),
        (
            va(vec![v(1u8), v("a"), Variant::null()]),
            Seen::Seq(vec![Seen::U8(1), Seen::Str("a".into()), Seen::Unit]),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(de::<Seen>(&value).unwrap(), expected, "{value:?}");
    }
}

#[test]
fn typed_targets_coerce_with_the_automation_rules() {
    assert_eq!(de::<i32>(&v("42")).unwrap(), 42);
    assert_eq!(de::<i32>(&v(" -7 ")).unwrap(), -7);
    assert_eq!(de::<i32>(&v(2.5f64)).unwrap(), 2); // banker's rounding
    assert_eq!(de::<i32>(&v(3.5f64)).unwrap(), 4);
    assert_eq!(de::<i64>(&v(true)).unwrap(), -1);
    assert_eq!(de::<u8>(&v(255i32)).unwrap(), 255);
    assert_eq!(de::<f64>(&v("2.5")).unwrap(), 2.5);
    assert_eq!(de::<f32>(&v(3i16)).unwrap(), 3.0);
    assert_eq!(de::<f64>(&v(Currency::from_raw(25_000))).unwrap(), 2.5);
    assert!(de::<bool>(&v("True")).unwrap());
    assert!(!de::<bool>(&v(0i32)).unwrap());
    assert_eq!(de::<String>(&v(42i32)).unwrap(), "42");
    assert_eq!(de::<String>(&v(-1.5f64)).unwrap(), "-1.5");
    assert_eq!(de::<char>(&v("x")).unwrap(), 'x');
    assert_eq!(de::<char>(&v(7i32)).unwrap(), '7');
    // VT_EMPTY is 0 / "" to automation; VT_NULL has no value.
    assert_eq!(de::<i32>(&Variant::empty()).unwrap(), 0);
    assert_eq!(de::<String>(&Variant::empty()).unwrap(), "");
    assert_eq!(
        de::<i32>(&Variant::null()).unwrap_err().code(),
        DISP_E_TYPEMISMATCH
    );

    let e = de::<i32>(&v("x")).unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert_eq!(e.path(), "");
    assert_eq!(
        e.to_string(),
        r#"expected an integer (i32), found VT_BSTR("x")"#
    );

    let e = de::<u8>(&v(300i32)).unwrap_err();
    assert_eq!(e.code(), DISP_E_OVERFLOW);
    assert_eq!(
        e.to_string(),
        "expected an integer (u8), found VT_I4(300) (out of range)"
    );
    assert_eq!(de::<i8>(&v("1000")).unwrap_err().code(), DISP_E_OVERFLOW);
    assert_eq!(
        de::<char>(&v("xy")).unwrap_err().code(),
        DISP_E_TYPEMISMATCH
    );
    // A scalar target refuses an array without trying to convert it.
    let e = de::<i32>(&v(vec![1i32])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected an integer (i32), found an array (VT_ARRAY|VT_I4)"
    );
}

#[test]
fn currency_decimal_and_date_are_exact_as_strings() {
    assert_eq!(
        de::<String>(&v(Currency::from_raw(1_234_567_890_123))).unwrap(),
        "123456789.0123"
    );
    let d: Decimal = "12345678901234567890.123456789".parse().unwrap();
    assert_eq!(
        de::<String>(&v(d)).unwrap(),
        "12345678901234567890.123456789"
    );
    let date = Date::from_ymd_hms(2024, 2, 29, 13, 45, 30).unwrap();
    assert_eq!(de::<String>(&v(date)).unwrap(), "2024-02-29 13:45:30");
    assert_eq!(de::<f64>(&v(date)).unwrap(), date.to_ole());
    // In an array too, each element asked for a string.
    let mixed = va(vec![v(Currency::from_raw(5)), v(date), v("x")]);
    assert_eq!(
        de::<Vec<String>>(&mixed).unwrap(),
        ["0.0005", "2024-02-29 13:45:30", "x"]
    );
}

#[test]
fn options_are_none_for_empty_null_missing_and_null_objects() {
    for nothing in [
        Variant::empty(),
        Variant::null(),
        Variant::missing(),
        Variant::from(None::<IUnknown>),
    ] {
        assert_eq!(de::<Option<i32>>(&nothing).unwrap(), None, "{nothing:?}");
    }
    assert_eq!(de::<Option<i32>>(&v("5")).unwrap(), Some(5));
    assert_eq!(de::<Option<String>>(&v("")).unwrap(), Some(String::new()));
    // Another VT_ERROR is a value: its SCODE (a u32 gets its bits).
    assert_eq!(
        de::<Option<i32>>(&Variant::error(E_FAIL)).unwrap(),
        Some(E_FAIL.0)
    );
    assert_eq!(de::<u32>(&Variant::error(E_FAIL)).unwrap(), 0x8000_4005);
    assert_eq!(de::<i64>(&Variant::error(E_FAIL)).unwrap(), -2_147_467_259);
    assert_eq!(
        de::<u16>(&Variant::error(E_FAIL)).unwrap_err().code(),
        DISP_E_OVERFLOW
    );
    assert_eq!(
        de::<Vec<Option<u16>>>(&va(vec![
            v(1i32),
            Variant::null(),
            Variant::empty(),
            v("4")
        ]))
        .unwrap(),
        [Some(1), None, None, Some(4)]
    );
    assert_eq!(de::<()>(&Variant::null()).unwrap(), ());
    assert_eq!(de::<()>(&v(1i32)).unwrap_err().code(), DISP_E_TYPEMISMATCH);
}

#[test]
fn vec_from_typed_and_variant_arrays() {
    assert_eq!(de::<Vec<i32>>(&v(vec![1i32, -2, 3])).unwrap(), [1, -2, 3]);
    assert_eq!(de::<Vec<i64>>(&v(vec![1i32, -2, 3])).unwrap(), [1, -2, 3]);
    assert_eq!(de::<Vec<f64>>(&v(vec![1u8, 2])).unwrap(), [1.0, 2.0]);
    assert_eq!(
        de::<Vec<String>>(&v(vec![Bstr::from("a"), Bstr::from("b")])).unwrap(),
        ["a", "b"]
    );
    assert_eq!(
        de::<Vec<bool>>(&v(vec![true, false])).unwrap(),
        [true, false]
    );
    assert_eq!(
        de::<Vec<i32>>(&v(Vec::<i32>::new())).unwrap(),
        Vec::<i32>::new()
    );
    // Mixed numeric types in a VARIANT array, "3" coerced.
    let mixed = va(vec![
        v(1i16),
        v(2.0f64),
        v("3"),
        v(4u8),
        v(Decimal::from(5)),
    ]);
    assert_eq!(de::<Vec<i32>>(&mixed).unwrap(), [1, 2, 3, 4, 5]);
    // Arrays of HRESULTs give their SCODEs, of currency their amounts.
    assert_eq!(
        de::<Vec<i32>>(&v(vec![HRESULT(1), E_FAIL])).unwrap(),
        [1, E_FAIL.0]
    );
    assert_eq!(
        de::<Vec<f64>>(&v(vec![Currency::from_raw(15_000)])).unwrap(),
        [1.5]
    );
    // Lower bounds do not show: elements are counted from 0.
    let shifted = SafeArray::from_column_major(&[(5, 3)], [7i32, 8, 9]).unwrap();
    assert_eq!(de::<Vec<i32>>(&Variant::from(shifted)).unwrap(), [7, 8, 9]);
    // A scalar is not a sequence.
    let e = de::<Vec<i32>>(&v(5i32)).unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert_eq!(e.to_string(), "expected an array, found VT_I4(5)");
}

#[test]
fn two_dimensional_arrays_are_rows_first_index_outermost() {
    let rows = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]];
    let grid = v(rows.clone());
    assert_eq!(
        SafeArray::<f64>::try_from(&grid).unwrap().shape(),
        vec![2, 3]
    );
    assert_eq!(de::<Vec<Vec<f64>>>(&grid).unwrap(), rows);
    // The same through deserialize_any.
    assert_eq!(
        de::<Seen>(&grid).unwrap(),
        Seen::Seq(vec![
            Seen::Seq(vec![Seen::F64(1.0), Seen::F64(2.0), Seen::F64(3.0)]),
            Seen::Seq(vec![Seen::F64(4.0), Seen::F64(5.0), Seen::F64(6.0)]),
        ])
    );
    // Column-major memory with other lower bounds: a(1,1)=1 a(2,1)=2 a(1,2)=3 ...
    let vb = SafeArray::from_column_major(&[(1, 2), (1, 3)], 1..=6i32).unwrap();
    assert_eq!(
        de::<Vec<Vec<i32>>>(&Variant::from(vb)).unwrap(),
        [[1, 3, 5], [2, 4, 6]]
    );
    // Three dimensions, into arrays of fixed size too.
    let cube: Vec<Vec<Vec<i16>>> = (0..2)
        .map(|i| {
            (0..3)
                .map(|j| (0..4).map(|k| (100 * i + 10 * j + k) as i16).collect())
                .collect()
        })
        .collect();
    let value = Variant::from(SafeArray::from_nested3(cube.clone()).unwrap());
    assert_eq!(de::<Vec<Vec<Vec<i16>>>>(&value).unwrap(), cube);
    let fixed: [[[i16; 4]; 3]; 2] = de(&value).unwrap();
    assert_eq!(fixed[1][2][3], 123);
    // A 2-D array is not flat: its rows are sequences.
    let e = de::<Vec<f64>>(&grid).unwrap_err();
    assert_eq!(e.path(), "[0]");
    assert_eq!(e.message(), "invalid type: sequence, expected f64");
}

#[test]
fn nested_variant_arrays_are_nested_sequences() {
    let nested = va(vec![
        va(vec![v(1.5f64), v("2")]),
        va(vec![]),
        va(vec![v(3i32), v(4u8), v(5.25f32)]),
    ]);
    assert_eq!(
        de::<Vec<Vec<f64>>>(&nested).unwrap(),
        vec![vec![1.5, 2.0], vec![], vec![3.0, 4.0, 5.25]]
    );
    // Elements may themselves be typed arrays or 2-D arrays.
    let deep = va(vec![v(vec![1i32, 2]), v(vec![vec![3i32], vec![4]])]);
    assert_eq!(
        de::<(Vec<i32>, Vec<Vec<i32>>)>(&deep).unwrap(),
        (vec![1, 2], vec![vec![3], vec![4]])
    );
    // A VARIANT array of VARIANT arrays in a 2-D VARIANT array.
    let cells = SafeArray::from_nested(vec![
        vec![va(vec![v(1i32)]), va(vec![v(2i32), v(3i32)])],
        vec![va(vec![]), va(vec![v("4")])],
    ])
    .unwrap();
    assert_eq!(
        de::<Vec<Vec<Vec<i32>>>>(&Variant::from(cells)).unwrap(),
        vec![vec![vec![1], vec![2, 3]], vec![vec![], vec![4]]]
    );
}

#[derive(Deserialize, Debug, PartialEq)]
struct Item {
    name: String,
    count: u32,
    price: Option<f64>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Order {
    id: i64,
    items: Vec<Item>,
    note: Option<String>,
}

fn item(name: &str, count: Variant, price: Variant) -> Variant {
    va(vec![v(name), count, price])
}

#[test]
fn structs_read_from_arrays_of_their_fields() {
    let value = item("apple", v("3"), v(0.5f64));
    assert_eq!(
        de::<Item>(&value).unwrap(),
        Item {
            name: "apple".into(),
            count: 3,
            price: Some(0.5)
        }
    );
    let order = va(vec![
        v(7i32),
        va(vec![
            item("a", v(1i32), Variant::null()),
            item("b", v(2u8), v(Currency::from_raw(12_500))),
        ]),
        Variant::empty(),
    ]);
    assert_eq!(
        de::<Order>(&order).unwrap(),
        Order {
            id: 7,
            items: vec![
                Item {
                    name: "a".into(),
                    count: 1,
                    price: None
                },
                Item {
                    name: "b".into(),
                    count: 2,
                    price: Some(1.25)
                },
            ],
            note: None,
        }
    );
    // A 2-D table: one struct per row.
    let table = SafeArray::from_nested(vec![
        vec![v("x"), v(1i32), v(1.5f64)],
        vec![v("y"), v(2i32), Variant::null()],
    ])
    .unwrap();
    assert_eq!(
        de::<Vec<Item>>(&Variant::from(table)).unwrap(),
        [
            Item {
                name: "x".into(),
                count: 1,
                price: Some(1.5)
            },
            Item {
                name: "y".into(),
                count: 2,
                price: None
            },
        ]
    );
    // A scalar is no struct.
    assert_eq!(
        de::<Item>(&v(1i32)).unwrap_err().to_string(),
        "expected an array of the struct's fields, found VT_I4(1)"
    );
}

#[test]
fn struct_and_tuple_lengths_are_checked() {
    let short = va(vec![v("a"), v(1i32)]);
    let e = de::<Item>(&short).unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(e.message().contains("invalid length 2"), "{e}");
    let long = va(vec![v("a"), v(1i32), v(2i32), v(3i32)]);
    assert_eq!(
        de::<Item>(&long).unwrap_err().to_string(),
        "the array has 4 elements, the target took 3"
    );
    assert_eq!(
        de::<(i32, i32)>(&v(vec![1i32, 2, 3]))
            .unwrap_err()
            .to_string(),
        "the array has 3 elements, the target took 2"
    );
    // IgnoredAny takes anything.
    de::<IgnoredAny>(&long).unwrap();
}

#[test]
fn tuples_and_tuple_structs() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Pair(i32, String);
    let value = va(vec![v("1"), v(2i32)]);
    assert_eq!(de::<(u8, String)>(&value).unwrap(), (1, "2".to_string()));
    assert_eq!(de::<Pair>(&value).unwrap(), Pair(1, "2".into()));
    assert_eq!(
        de::<(i32, bool, Option<f64>)>(&va(vec![v(1i32), v(true), Variant::null()])).unwrap(),
        (1, true, None)
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct Meters(f64);
    assert_eq!(de::<Meters>(&v("2.5")).unwrap(), Meters(2.5));
}

#[test]
fn maps_and_structs_from_two_column_arrays() {
    let table = SafeArray::from_nested(vec![
        vec![v("name"), v("pear")],
        vec![v("count"), v("12")],
        vec![v("price"), Variant::null()],
    ])
    .unwrap();
    let table = Variant::from(table);
    assert_eq!(
        de::<Item>(&table).unwrap(),
        Item {
            name: "pear".into(),
            count: 12,
            price: None
        }
    );
    let map: BTreeMap<String, Option<String>> = de(&table).unwrap();
    assert_eq!(map["count"], Some("12".to_string()));
    assert_eq!(map["price"], None);
    assert_eq!(map.len(), 3);
    // Numeric keys, typed array.
    let squares = Variant::from(vec![vec![1i32, 1], vec![2, 4], vec![3, 9]]);
    let map: HashMap<u8, i64> = de(&squares).unwrap();
    assert_eq!(map, HashMap::from([(1, 1), (2, 4), (3, 9)]));
    // Errors name the key (string keys) or the cell.
    let e = de::<HashMap<String, u8>>(&table).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"name: expected an integer (u8), found VT_BSTR("pear")"#
    );
    let e = de::<HashMap<u8, u8>>(&Variant::from(vec![vec![1i32, 1], vec![2, 400]])).unwrap_err();
    assert_eq!(e.path(), "[1][1]");
    assert_eq!(e.code(), DISP_E_OVERFLOW);
    // Only n x 2 arrays are maps.
    let e = de::<HashMap<u8, u8>>(&v(vec![1i32, 2])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected a two-column array (key, value), found an array (VT_ARRAY|VT_I4) of shape [2]"
    );
    assert_eq!(
        de::<HashMap<u8, u8>>(&v(1i32)).unwrap_err().code(),
        DISP_E_TYPEMISMATCH
    );
    // A 3-D n x m x 2 array: a sequence of maps.
    let planes = SafeArray::from_nested3(vec![vec![vec![1i32, 10], vec![2, 20]]]).unwrap();
    let maps: Vec<BTreeMap<i32, i32>> = de(&Variant::from(planes)).unwrap();
    assert_eq!(maps, [BTreeMap::from([(1, 10), (2, 20)])]);
}

#[derive(Deserialize, Debug, PartialEq)]
enum Color {
    Red,
    Green,
    #[serde(rename = "dark blue")]
    DarkBlue,
}

#[test]
fn unit_enum_variants_by_name() {
    assert_eq!(de::<Color>(&v("Green")).unwrap(), Color::Green);
    assert_eq!(de::<Color>(&v("dark blue")).unwrap(), Color::DarkBlue);
    assert_eq!(
        de::<Vec<Color>>(&va(vec![v("Red"), v("Green")])).unwrap(),
        [Color::Red, Color::Green]
    );
    let e = de::<Color>(&v("Purple")).unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(e.message().contains("unknown variant `Purple`"), "{e}");
    assert_eq!(
        de::<Color>(&v(1i32)).unwrap_err().to_string(),
        "expected a string naming an enum variant, found VT_I4(1)"
    );
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    enum WithData {
        Value(i32),
    }
    assert_eq!(
        de::<WithData>(&v("Value")).unwrap_err().code(),
        DISP_E_TYPEMISMATCH
    );
}

#[test]
fn errors_name_the_path() {
    let rows = va(vec![
        item("a", v(1i32), Variant::null()),
        item("b", v(2i32), Variant::null()),
        item("c", v("x"), Variant::null()),
    ]);
    let e = de::<Vec<Item>>(&rows).unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert_eq!(e.path(), "[2].count");
    assert_eq!(
        e.to_string(),
        r#"[2].count: expected an integer (u32), found VT_BSTR("x")"#
    );
    let order = va(vec![
        v(1i32),
        va(vec![item("a", v(1i32), v("cheap"))]),
        Variant::null(),
    ]);
    assert_eq!(
        de::<Order>(&order).unwrap_err().to_string(),
        r#"items[0].price: expected a number (f64), found VT_BSTR("cheap")"#
    );
    // Struct-level errors (a wrong length) are reported at the struct.
    let order = va(vec![v(1i32), va(vec![va(vec![v("a")])]), Variant::null()]);
    let e = de::<Order>(&order).unwrap_err();
    assert_eq!(e.path(), "items[0]");
    // Nested arrays: indices all the way down.
    let nested = va(vec![va(vec![v(1i32)]), va(vec![v(2i32), v(70000i32)])]);
    let e = de::<Vec<Vec<i16>>>(&nested).unwrap_err();
    assert_eq!(e.path(), "[1][1]");
    assert_eq!(e.code(), DISP_E_OVERFLOW);
    // And in multi-dimensional arrays.
    let e = de::<Vec<Vec<u8>>>(&v(vec![vec![1i32, 2], vec![3, -4]])).unwrap_err();
    assert_eq!(e.path(), "[1][1]");
    assert_eq!(e.code(), DISP_E_OVERFLOW);

    // Into comtypes::Error, for `?` in functions returning comtypes::Result.
    let err = rows.deserialize_into::<Vec<Item>>().unwrap_err();
    assert_eq!(err.code(), DISP_E_TYPEMISMATCH);
    assert_eq!(
        err.description(),
        Some(r#"[2].count: expected an integer (u32), found VT_BSTR("x")"#)
    );
    assert_eq!(
        err.to_string(),
        r#"0x80020005 DISP_E_TYPEMISMATCH: [2].count: expected an integer (u32), found VT_BSTR("x")"#
    );
}

#[test]
fn ui1_arrays_are_bytes_when_asked() {
    let data = v(vec![0u8, 1, 254, 255]);
    assert_eq!(de::<Bytes>(&data).unwrap(), Bytes(vec![0, 1, 254, 255]));
    // Vec<u8> asks for a sequence: the same bytes, one by one.
    assert_eq!(de::<Vec<u8>>(&data).unwrap(), [0, 1, 254, 255]);
    // Other arrays give their elements as a sequence; a visitor may take them.
    assert_eq!(
        de::<Bytes>(&va(vec![v(1u8), v(2u8)])).unwrap(),
        Bytes(vec![1, 2])
    );
    // A 2-D VT_UI1 array is rows of bytes, not one flat buffer.
    assert_eq!(
        de::<Vec<Vec<u8>>>(&v(vec![vec![1u8, 2], vec![3, 4]])).unwrap(),
        [[1, 2], [3, 4]]
    );
    assert!(de::<Bytes>(&v(vec![vec![1u8, 2], vec![3, 4]])).is_err());
    assert_eq!(de::<Bytes>(&v(Vec::<u8>::new())).unwrap(), Bytes(vec![]));
}

#[interface("7A3C0001-5E4D-4000-8000-00000000EE01")]
unsafe trait IThing: IUnknown {
    fn Value(&self, #[out] value: *mut i32) -> HRESULT;
}

#[implement(IThing)]
struct Thing;
impl IThing_Impl for Thing {
    fn Value(&self) -> comtypes::Result<i32> {
        Ok(1)
    }
}

#[test]
fn objects_cannot_be_deserialized() {
    let thing: IThing = Thing.into();
    let value = Variant::from(thing.cast::<IUnknown>().unwrap());
    for e in [
        de::<Seen>(&value).unwrap_err(),
        de::<i32>(&value).unwrap_err(),
        de::<String>(&value).unwrap_err(),
        de::<Option<i32>>(&value).unwrap_err(),
    ] {
        assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
        assert!(
            e.message().contains("an object (VT_UNKNOWN)")
                && e.message().contains("an object cannot be deserialized"),
            "{e}"
        );
    }
    // In an array, with its index.
    let arr = va(vec![v(1i32), value.clone()]);
    assert_eq!(de::<Vec<i32>>(&arr).unwrap_err().path(), "[1]");
    // The object is only borrowed.
    assert_eq!(thing.Value().unwrap(), 1);
    // A null object is nothing.
    assert_eq!(
        de::<Seen>(&Variant::from(None::<IUnknown>)).unwrap(),
        Seen::Unit
    );
    assert_eq!(
        de::<Vec<Option<i32>>>(&v(vec![None::<IUnknown>, None])).unwrap(),
        [None, None]
    );
}

#[test]
fn byref_values_are_read_through() {
    let mut number = v("41");
    // SAFETY: `number` outlives `reference`.
    let reference = unsafe { Variant::by_ref(&mut number) };
    assert_eq!(de::<i32>(&reference).unwrap(), 41);
    assert_eq!(de::<Seen>(&reference).unwrap(), Seen::Str("41".into()));
    assert_eq!(de::<Option<i32>>(&reference).unwrap(), Some(41));
    drop(reference);

    let mut list = va(vec![v(1i32), v("2")]);
    // SAFETY: `list` outlives `reference`.
    let reference = unsafe { Variant::by_ref(&mut list) };
    assert_eq!(de::<Vec<i32>>(&reference).unwrap(), [1, 2]);
    drop(reference);

    // VT_BYREF|VT_ARRAY|VT_I4: read in place.
    let array = SafeArray::from_vec(vec![5i32, 6]).unwrap();
    let mut psa = array.as_raw();
    // SAFETY: `psa` points at a live VT_I4 SAFEARRAY; both outlive `reference`.
    let reference = unsafe { Variant::by_ref_raw(VT_ARRAY | VT_I4, &mut psa as *mut _ as *mut _) };
    assert_eq!(de::<Vec<i32>>(&reference).unwrap(), [5, 6]);
    drop(reference);
    assert_eq!(array.to_vec().unwrap(), [5, 6]);

    let mut empty = Variant::empty();
    // SAFETY: `empty` outlives `reference`.
    let reference = unsafe { Variant::by_ref(&mut empty) };
    assert_eq!(de::<Option<i32>>(&reference).unwrap(), None);
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Tree(Vec<Tree>);
    let mut value = va(vec![]);
    for _ in 0..40 {
        value = va(vec![value]);
    }
    de::<Tree>(&value).unwrap();
    for _ in 0..200 {
        value = va(vec![value]);
    }
    let e = de::<Tree>(&value).unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(e.message().contains("deeper than 128"), "{e}");
    assert!(e.path().starts_with("[0][0][0]"), "{e}");
}

#[test]
fn deserialize_into_and_into_deserializer() {
    use serde::de::IntoDeserializer;
    let value = va(vec![v("1"), v(2.5f64)]);
    let (a, b): (i32, f64) = value.deserialize_into().unwrap();
    assert_eq!((a, b), (1, 2.5));
    let d: VariantDeserializer<'_> = (&value).into_deserializer();
    assert_eq!(<(i32, f64)>::deserialize(d).unwrap(), (1, 2.5));
    let e: comtypes::Error = value.deserialize_into::<(i32, i32, i32)>().unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
}
