//! Unit tests of the options store (no C involved).

use super::*;
use crate::strings::from_ascii;

/// Records what each wiped secret buffer held just before it was freed, per thread.
pub(super) mod wipe_hook {
    use crate::abi::MI_Char;
    use std::cell::RefCell;

    thread_local! {
        static WIPED: RefCell<Vec<Vec<MI_Char>>> = const { RefCell::new(Vec::new()) };
    }

    pub(in crate::options) fn record(buffer: &[MI_Char]) {
        WIPED.with_borrow_mut(|w| w.push(buffer.to_vec()));
    }

    pub(super) fn take() -> Vec<Vec<MI_Char>> {
        WIPED.with_borrow_mut(std::mem::take)
    }
}

fn t(s: &str) -> Vec<MI_Char> {
    from_ascii(s)
}

fn secret(s: &str) -> Secret {
    let mut v = Vec::with_capacity(s.len() + 1);
    v.extend(from_ascii(s));
    v.push(0);
    Secret::from_nul_terminated(v)
}

fn number(o: &Options, name: &str) -> MiResult<MI_Uint32> {
    let f = o.get(&t(name))?;
    assert_eq!(f.mi_type, MI_UINT32);
    // SAFETY: the type says `uint32` is the live member.
    Ok(unsafe { f.value.uint32 })
}

/// Reads the NUL-terminated string at `p` (a pointer the store handed out).
fn read(p: *const MI_Char) -> String {
    let mut out = String::new();
    let mut i = 0;
    loop {
        // SAFETY: `p` comes from the store, NUL-terminated, and the store is alive.
        let c = unsafe { *p.add(i) };
        if c == 0 {
            break;
        }
        out.push(char::from_u32(crate::strings::unit(c)).unwrap());
        i += 1;
    }
    out
}

fn user_cred(auth: &str, user: &str, password: Option<&str>) -> Credential {
    Credential {
        auth: Text::from_ascii(auth),
        data: CredentialData::UsernamePassword {
            domain: None,
            username: Text::from_ascii(user),
            password: password.map(secret),
        },
    }
}

#[test]
fn set_get_replace_keeps_order_and_index() {
    let o = Options::new(Family::Destination);
    o.set(&t("A"), Value::Uint32(1), None).unwrap();
    o.set(&t("B"), Value::String(Text::from_ascii("x")), None)
        .unwrap();
    o.set(&t("a"), Value::Uint32(7), None).unwrap(); // same option, other case
    assert_eq!(o.count(), 2);
    assert_eq!(number(&o, "A").unwrap(), 7);
    let first = o.at(0).unwrap();
    assert_eq!(read(first.name), "A", "first spelling kept");
    assert_eq!(first.index, 0);
    assert_eq!(o.get(&t("b")).unwrap().index, 1);
    assert_eq!(o.at(2).err(), Some(MI_RESULT_INVALID_PARAMETER));
    assert_eq!(o.get(&t("C")).err(), Some(MI_RESULT_NO_SUCH_PROPERTY));
    assert_eq!(
        Options::new(Family::Destination).at(0).err(),
        Some(MI_RESULT_NO_SUCH_PROPERTY)
    );
    assert_eq!(
        o.set(&[], Value::Uint32(1), None),
        Err(MI_RESULT_INVALID_PARAMETER)
    );
}

#[test]
fn type_changes_are_refused() {
    let o = Options::new(Family::Operation {
        custom_options_must_understand: false,
    });
    o.set(&t("n"), Value::Uint32(1), None).unwrap();
    assert_eq!(
        o.set(&t("n"), Value::String(Text::from_ascii("s")), None),
        Err(MI_RESULT_TYPE_MISMATCH)
    );
    assert_eq!(
        o.set(&t("n"), Value::Uint32(2), Some(true)),
        Err(MI_RESULT_TYPE_MISMATCH)
    );
    o.set(&t("c"), Value::Sint64(-5), Some(true)).unwrap();
    assert_eq!(
        o.set(&t("c"), Value::Sint64(1), None),
        Err(MI_RESULT_TYPE_MISMATCH)
    );
    o.set(&t("c"), Value::Sint64(9), Some(false)).unwrap();
    assert_eq!(o.must_comply(&t("c")), Ok(Some(false)));
    assert_eq!(o.must_comply(&t("n")), Ok(None));
    assert_eq!(number(&o, "n").unwrap(), 1, "failed sets change nothing");
}

#[test]
fn replacing_one_option_keeps_other_pointers() {
    let o = Options::new(Family::Destination);
    o.set(&t("keep"), Value::String(Text::from_ascii("stable")), None)
        .unwrap();
    let kept = o.get(&t("keep")).unwrap();
    // SAFETY: the type is MI_STRING.
    let p = unsafe { kept.value.string };
    for i in 0..200 {
        // Growing the entry list moves the entries, not their buffers.
        o.set(&t(&format!("o{i}")), Value::String(Text::from_ascii("v")), None)
            .unwrap();
        o.set(&t("o0"), Value::String(Text::from_ascii(&"w".repeat(i))), None)
            .unwrap();
    }
    assert_eq!(read(p), "stable");
    assert_eq!(read(kept.name), "keep");
}

#[test]
fn channels_are_a_set() {
    let o = Options::new(Family::Operation {
        custom_options_must_understand: true,
    });
    let ch = t(names::OPERATION_CHANNEL);
    assert!(o.is_channel_option(&ch));
    assert!(!Options::new(Family::Destination).is_channel_option(&ch));
    assert_eq!(o.enabled_channels(&ch), Ok(None));
    o.set_channel(&ch, 2, true).unwrap();
    o.set_channel(&ch, 0, true).unwrap();
    o.set_channel(&ch, 2, true).unwrap();
    assert_eq!(o.enabled_channels(&ch), Ok(Some(vec![2, 0])));
    o.set_channel(&ch, 2, false).unwrap();
    o.set_channel(&ch, 5, false).unwrap();
    assert_eq!(o.enabled_channels(&ch), Ok(Some(vec![0])));
    let f = o.get(&ch).unwrap();
    assert_eq!(f.mi_type, MI_UINT32A);
    o.set(&t("other"), Value::Uint32A(vec![1]), None).unwrap();
    assert_eq!(o.enabled_channels(&t("other")), Err(MI_RESULT_TYPE_MISMATCH));
}

#[test]
fn credentials_group_by_option_and_refuse_duplicates() {
    let o = Options::new(Family::Destination);
    o.add_credential(&t("dest"), user_cred("Basic", "u1", Some("p1")))
        .unwrap();
    o.add_credential(&t("proxy"), user_cred("Basic", "u2", Some("p2")))
        .unwrap();
    o.add_credential(&t("DEST"), user_cred("Digest", "u3", None))
        .unwrap();
    assert_eq!(
        o.add_credential(&t("Dest"), user_cred("Basic", "u4", Some("p4"))),
        Err(MI_RESULT_FAILED)
    );
    assert_eq!(o.credentials_count(), 3);
    // Index order: dest/Basic, dest/Digest, proxy/Basic.
    let c1 = o.credential_at(1).unwrap();
    assert_eq!(read(c1.option), "dest");
    assert_eq!(read(c1.auth), "Digest");
    assert_eq!(read(o.credential_at(2).unwrap().auth), "Basic");
    let got = o.with_password_at(0, |_, p| match p {
        PasswordAt::Present(chars) => Ok(chars.to_vec()),
        _ => Err(MI_RESULT_FAILED),
    });
    assert_eq!(got.unwrap(), {
        let mut v = t("p1");
        v.push(0);
        v
    });
    assert!(matches!(
        o.with_password_at(1, |_, p| Ok(matches!(p, PasswordAt::Absent))),
        Ok(true)
    ));
    assert_eq!(o.credential_at(3).err(), Some(MI_RESULT_NO_SUCH_PROPERTY));
    assert_eq!(
        Options::new(Family::Destination).credential_at(0).err(),
        Some(MI_RESULT_INVALID_PARAMETER)
    );
}

#[test]
fn auth_classes_follow_the_reference() {
    assert_eq!(AuthClass::of(&t("Basic")), Some(AuthClass::UsernamePassword));
    assert_eq!(AuthClass::of(&t("NegoNoCreds")), Some(AuthClass::NoData));
    assert_eq!(AuthClass::of(&t("IssuerCert")), Some(AuthClass::Thumbprint));
    assert_eq!(
        AuthClass::of(&t("basic")),
        None,
        "exact comparison, as the reference"
    );
    assert_eq!(AuthClass::of(&t("")), None);
}

#[test]
fn deep_clone_is_independent() {
    let o = Options::new(Family::SubscriptionDelivery { delivery_type: 2 });
    o.set(&t("s"), Value::String(Text::from_ascii("one")), None)
        .unwrap();
    o.add_credential(&t("c"), user_cred("Basic", "u", Some("pw")))
        .unwrap();
    let c = o.deep_clone();
    assert_eq!(c.family(), o.family());
    c.set(&t("s"), Value::String(Text::from_ascii("two")), None)
        .unwrap();
    c.set(&t("new"), Value::Uint32(1), None).unwrap();
    // SAFETY: MI_STRING values.
    let (a, b) = unsafe {
        (
            o.get(&t("s")).unwrap().value.string,
            c.get(&t("s")).unwrap().value.string,
        )
    };
    assert_eq!((read(a), read(b)), ("one".to_string(), "two".to_string()));
    assert_eq!((o.count(), c.count()), (1, 2));
    drop(o);
    assert_eq!(c.credentials_count(), 1);
    let pw = c.with_password_at(0, |_, p| match p {
        PasswordAt::Present(chars) => Ok(chars.len()),
        _ => Err(MI_RESULT_FAILED),
    });
    assert_eq!(pw, Ok(3));
}

#[test]
fn string_array_image_points_at_its_items() {
    let v = Value::StringA(StringArray::new(vec![
        Text::from_ascii("a"),
        Text::from_ascii("bc"),
    ]));
    let image = v.image();
    // SAFETY: MI_STRINGA value; `v` is alive.
    let a = unsafe { image.stringa };
    assert_eq!(a.size, 2);
    // SAFETY: two pointers in the array, each into `v`.
    let (p0, p1) = unsafe { (*a.data, *a.data.add(1)) };
    assert_eq!((read(p0), read(p1)), ("a".to_string(), "bc".to_string()));
    let empty = Value::Uint32A(Vec::new()).image();
    // SAFETY: MI_UINT32A value.
    assert!(unsafe { empty.uint32a.data }.is_null());
    assert_eq!(v.mi_type(), MI_STRINGA);
}

#[test]
fn secrets_are_wiped_before_they_are_freed() {
    let _ = wipe_hook::take();
    let long = "k".repeat(8192);
    let o = Options::new(Family::Destination);
    o.add_credential(&t("c"), user_cred("Basic", "u", Some(&long)))
        .unwrap();
    let clone = o.deep_clone();
    drop(o);
    let wiped = wipe_hook::take();
    assert_eq!(wiped.len(), 1, "the original's password was wiped");
    assert_eq!(wiped[0].len(), 8193, "the whole buffer, NUL included");
    assert!(
        wiped[0].iter().all(|&c| c == 0),
        "every character is zero before free"
    );
    drop(clone);
    let wiped = wipe_hook::take();
    assert_eq!(wiped.len(), 1, "the clone has its own copy, wiped too");
    assert!(wiped[0].iter().all(|&c| c == 0));
}

#[test]
fn secrets_never_print() {
    let s = secret("hunter2");
    assert!(!format!("{s:?}").contains("hunter2"));
    let o = Options::new(Family::Destination);
    o.add_credential(&t("c"), user_cred("Basic", "u", Some("hunter2")))
        .unwrap();
    assert!(!format!("{o:?}").contains("hunter2"));
    assert!(format!("{o:?}").contains("Basic"));
}
