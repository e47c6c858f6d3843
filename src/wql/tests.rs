//! Unit tests: grammar, errors, literals, LIKE, NULL logic, coercion, ISA, projection,
//! limits, and the `MI_Instance` adapter over the library's own instances.

use super::fixed::{FixedRow, Val};
use super::like::Pattern;
use super::*;
use crate::abi::*;

/// At most 200 characters of `text`, for failure messages.
fn short(text: &str) -> String {
    text.chars().take(200).collect()
}

fn q(text: &str) -> Query {
    Query::parse(text).unwrap_or_else(|e| panic!("{:?}: {e}", short(text)))
}

fn err(text: &str) -> WqlError {
    match Query::parse(text) {
        Ok(_) => panic!("{:?} parsed", short(text)),
        Err(e) => e,
    }
}

fn cond(text: &str) -> Expr {
    q(&format!("SELECT * FROM C WHERE {text}"))
        .condition
        .expect("a condition")
}

fn prop(path: &str) -> Operand {
    Operand::Property(Path(path.split('.').map(Name::new).collect()))
}

fn int(i: i128) -> Operand {
    Operand::Literal(Literal::Integer(i))
}

fn cmp(left: &str, op: CmpOp, right: i128) -> Expr {
    Expr::Compare {
        op,
        left: prop(left),
        right: int(right),
    }
}

fn eval_on(row: &dyn Row, text: &str) -> Evaluation {
    q(&format!("SELECT * FROM C WHERE {text}")).evaluate(row)
}

/// The truth of `text` over the sample row.
fn truth(text: &str) -> Truth {
    eval_on(&FixedRow::sample(), text).truth
}

fn problem(text: &str) -> Option<Problem> {
    eval_on(&FixedRow::sample(), text).problem
}

use Truth::{False as F, True as T, Unknown as U};

// ---- grammar ---------------------------------------------------------------------------

#[test]
fn select_forms() {
    let all = q("SELECT * FROM CIM_Thing");
    assert_eq!(all.properties, None);
    assert_eq!(all.class, Name::new("CIM_Thing"));
    assert_eq!(all.within, None);
    assert_eq!(all.condition, None);

    let list = q("select Name,Count , name from x");
    assert_eq!(
        list.properties,
        Some(vec![Name::new("Name"), Name::new("Count"), Name::new("name")])
    );
    assert_eq!(list.class, Name::new("x"));

    let ev = q("SeLeCt * FrOm __InstanceCreationEvent WiThIn 2.5 wHeRe TargetInstance IsA 'Win32_Process'");
    assert_eq!(ev.within, Some(2.5));
    assert_eq!(
        ev.condition,
        Some(Expr::Isa {
            path: Path(vec![Name::new("TargetInstance")]),
            class: Name::new("Win32_Process"),
        })
    );
    assert_eq!(q("SELECT * FROM E WITHIN 10").within, Some(10.0));
    // Names keep their spelling and may be non-ASCII or start with '_'.
    assert_eq!(q("SELECT __CLASS, Größe FROM Ärger").class, Name::new("Ärger"));
    // White space of any kind, or none around operators.
    assert_eq!(cond("A=1"), cmp("A", CmpOp::Eq, 1));
    assert_eq!(cond("\tA\n=\u{a0}1 "), cmp("A", CmpOp::Eq, 1));
}

#[test]
fn every_operator() {
    for (text, op) in [
        ("=", CmpOp::Eq),
        ("<>", CmpOp::Ne),
        ("!=", CmpOp::Ne),
        ("<", CmpOp::Lt),
        ("<=", CmpOp::Le),
        (">", CmpOp::Gt),
        (">=", CmpOp::Ge),
    ] {
        assert_eq!(cond(&format!("A {text} 5")), cmp("A", op, 5), "{text}");
    }
    assert_eq!(
        cond("Name LIKE 'a%'"),
        Expr::Like {
            value: prop("Name"),
            pattern: Operand::Literal(Literal::String("a%".into())),
        }
    );
    assert_eq!(
        cond("A IS NULL"),
        Expr::IsNull {
            operand: prop("A"),
            negated: false
        }
    );
    assert_eq!(
        cond("A is not null"),
        Expr::IsNull {
            operand: prop("A"),
            negated: true
        }
    );
    // ISA takes a quoted class name (WMI) or a bare one (OMI).
    let isa = Expr::Isa {
        path: Path(vec![Name::new("T"), Name::new("Part")]),
        class: Name::new("CIM_X"),
    };
    assert_eq!(cond("T.Part ISA 'CIM_X'"), isa);
    assert_eq!(cond("T.Part ISA \"CIM_X\""), isa);
    assert_eq!(cond("T.Part ISA CIM_X"), isa);
    // Property to property, literal to literal, literal on the left.
    assert_eq!(
        cond("A < B.C"),
        Expr::Compare {
            op: CmpOp::Lt,
            left: prop("A"),
            right: prop("B.C")
        }
    );
    assert_eq!(
        cond("5 >= A"),
        Expr::Compare {
            op: CmpOp::Ge,
            left: int(5),
            right: prop("A")
        }
    );
    assert!(matches!(cond("1 = 1"), Expr::Compare { .. }));
}

#[test]
fn precedence_not_and_or() {
    let (a, b, c) = (
        cmp("A", CmpOp::Eq, 1),
        cmp("B", CmpOp::Eq, 2),
        cmp("C", CmpOp::Eq, 3),
    );
    let not_a = Expr::Not(Box::new(a.clone()));
    assert_eq!(
        cond("NOT A = 1 AND B = 2 OR C = 3"),
        Expr::Or(vec![Expr::And(vec![not_a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(
        cond("A = 1 OR B = 2 AND C = 3"),
        Expr::Or(vec![a.clone(), Expr::And(vec![b.clone(), c.clone()])])
    );
    assert_eq!(
        cond("A = 1 OR NOT B = 2 AND NOT C = 3"),
        Expr::Or(vec![
            a.clone(),
            Expr::And(vec![
                Expr::Not(Box::new(b.clone())),
                Expr::Not(Box::new(c.clone()))
            ])
        ])
    );
    assert_eq!(
        cond("NOT (A = 1 OR B = 2)"),
        Expr::Not(Box::new(Expr::Or(vec![a.clone(), b.clone()])))
    );
    assert_eq!(
        cond("(A = 1 OR B = 2) AND C = 3"),
        Expr::And(vec![Expr::Or(vec![a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(cond("NOT NOT A = 1"), Expr::Not(Box::new(not_a.clone())));
    // A chain is one list; parentheses keep a list inside a list.
    assert_eq!(
        cond("A = 1 AND B = 2 AND C = 3"),
        Expr::And(vec![a.clone(), b.clone(), c.clone()])
    );
    assert_eq!(
        cond("(A = 1 AND B = 2) AND C = 3"),
        Expr::And(vec![Expr::And(vec![a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(
        cond("A = 1 AND (B = 2 AND C = 3)"),
        Expr::And(vec![a.clone(), Expr::And(vec![b.clone(), c.clone()])])
    );
    assert_eq!(cond("((A = 1))"), a);
    // OMI's own example: NOT binds to its predicate only.
    assert_eq!(
        cond("NOT A > 1 OR B < 1 AND C > 3"),
        Expr::Or(vec![
            Expr::Not(Box::new(cmp("A", CmpOp::Gt, 1))),
            Expr::And(vec![cmp("B", CmpOp::Lt, 1), cmp("C", CmpOp::Gt, 3)])
        ])
    );
}

#[test]
fn printing_reads_back() {
    for text in [
        "SELECT * FROM C",
        "SELECT a, b, a FROM C WITHIN 0.5 WHERE a = 1",
        "SELECT * FROM C WHERE (a = 1 AND b = 2) AND c = 3",
        "SELECT * FROM C WHERE a = 1 AND (b = 2 OR c = 3)",
        "SELECT * FROM C WHERE (a = 1 OR b = 2) OR NOT (c = 3 AND d = 4)",
        "SELECT * FROM C WHERE NOT NOT a <> 'it\\'s'",
        "SELECT * FROM C WHERE s = 'back\\\\slash \\'q\\' \"d\" \\n\\t\\r' AND r = 1e300 AND i = 0xFF",
        "SELECT * FROM C WHERE x = NULL AND NULL <> y AND z IS NOT NULL AND t.u ISA W",
        "SELECT * FROM C WHERE r = -0.1 OR r = 2. OR b = TRUE OR b = false",
    ] {
        let first = q(text);
        let printed = first.to_string();
        assert_eq!(q(&printed), first, "{text} printed as {printed}");
    }
    assert_eq!(
        q("select * from c where (A=1 and B=2) and not (C=3 or D=4)").to_string(),
        "SELECT * FROM c WHERE (A = 1 AND B = 2) AND NOT (C = 3 OR D = 4)"
    );
    assert_eq!(
        q("SELECT * FROM c WHERE S = \"a'b\\\\\"").to_string(),
        "SELECT * FROM c WHERE S = 'a\\'b\\\\'"
    );
}

// ---- literals --------------------------------------------------------------------------

fn lit(text: &str) -> Literal {
    match cond(&format!("A = {text}")) {
        Expr::Compare {
            right: Operand::Literal(l),
            ..
        } => l,
        other => panic!("{other:?}"),
    }
}

#[test]
fn literals() {
    assert_eq!(lit("'single'"), Literal::String("single".into()));
    assert_eq!(lit("\"double\""), Literal::String("double".into()));
    assert_eq!(lit("''"), Literal::String(String::new()));
    assert_eq!(lit(r#"'it\'s'"#), Literal::String("it's".into()));
    assert_eq!(lit(r#""say \"hi\"""#), Literal::String("say \"hi\"".into()));
    assert_eq!(lit(r#"'a"b'"#), Literal::String("a\"b".into()));
    assert_eq!(lit(r#"'C:\\Windows'"#), Literal::String("C:\\Windows".into()));
    assert_eq!(lit(r#"'\n\r\t\q'"#), Literal::String("\n\r\tq".into()));
    assert_eq!(lit("'ünïcödé'"), Literal::String("ünïcödé".into()));

    assert_eq!(lit("0"), Literal::Integer(0));
    assert_eq!(lit("42"), Literal::Integer(42));
    assert_eq!(lit("-378"), Literal::Integer(-378));
    assert_eq!(lit("+7"), Literal::Integer(7));
    assert_eq!(lit("0x1F"), Literal::Integer(31));
    assert_eq!(lit("-0XfF"), Literal::Integer(-255));
    assert_eq!(lit("18446744073709551615"), Literal::Integer(u64::MAX.into()));
    assert_eq!(lit("0xFFFFFFFFFFFFFFFF"), Literal::Integer(u64::MAX.into()));
    assert_eq!(lit("-9223372036854775808"), Literal::Integer(i64::MIN.into()));

    assert_eq!(lit("1.5"), Literal::Real(1.5));
    assert_eq!(lit("-2.0"), Literal::Real(-2.0));
    assert_eq!(lit("2."), Literal::Real(2.0));
    assert_eq!(lit("1e3"), Literal::Real(1000.0));
    assert_eq!(lit("1.5E+20"), Literal::Real(1.5e20));
    assert_eq!(lit("25e-1"), Literal::Real(2.5));
    assert_eq!(lit("0.1"), Literal::Real(0.1));

    assert_eq!(lit("TRUE"), Literal::Boolean(true));
    assert_eq!(lit("false"), Literal::Boolean(false));
    assert_eq!(lit("Null"), Literal::Null);
}

// ---- errors ----------------------------------------------------------------------------

#[test]
fn errors_have_positions() {
    let cases: &[(&str, ErrorKind, usize)] = &[
        ("", ErrorKind::UnexpectedToken, 0),
        ("SELECT", ErrorKind::UnexpectedToken, 6),
        ("SELECT * FORM X", ErrorKind::UnexpectedToken, 9),
        ("SELECT FROM X", ErrorKind::UnexpectedToken, 7),
        ("SELECT a, FROM X", ErrorKind::UnexpectedToken, 10),
        ("SELECT a.b FROM X", ErrorKind::UnexpectedToken, 8),
        ("SELECT * FROM", ErrorKind::UnexpectedToken, 13),
        ("SELECT * FROM X Y", ErrorKind::UnexpectedToken, 16),
        ("SELECT * FROM X WHERE", ErrorKind::UnexpectedToken, 21),
        ("SELECT * FROM X WHERE A", ErrorKind::UnexpectedToken, 23),
        ("SELECT * FROM X WHERE A = ", ErrorKind::UnexpectedToken, 26),
        ("SELECT * FROM X WHERE A = 1 AND", ErrorKind::UnexpectedToken, 31),
        (
            "SELECT * FROM X WHERE A = 1 B = 2",
            ErrorKind::UnexpectedToken,
            28,
        ),
        ("SELECT * FROM X WHERE (A = 1", ErrorKind::UnexpectedToken, 22),
        ("SELECT * FROM X WHERE A = 1)", ErrorKind::UnexpectedToken, 27),
        ("SELECT * FROM X WHERE ()", ErrorKind::UnexpectedToken, 23),
        ("SELECT * FROM X WHERE NOT", ErrorKind::UnexpectedToken, 25),
        (
            "SELECT * FROM X WHERE A = 'abc",
            ErrorKind::UnterminatedString,
            26,
        ),
        (
            "SELECT * FROM X WHERE A = 'abc\\",
            ErrorKind::UnterminatedString,
            26,
        ),
        (
            "SELECT * FROM X WHERE A = \"x'",
            ErrorKind::UnterminatedString,
            26,
        ),
        ("SELECT * FROM X WHERE A # 1", ErrorKind::UnexpectedChar, 24),
        ("SELECT * FROM X WHERE A == 1", ErrorKind::UnexpectedToken, 25),
        ("SELECT * FROM X WHERE A IS 5", ErrorKind::UnexpectedToken, 27),
        (
            "SELECT * FROM X WHERE A IS NOT 'NTFS'",
            ErrorKind::UnexpectedToken,
            31,
        ),
        ("SELECT * FROM X WHERE 5 ISA 'C'", ErrorKind::UnexpectedToken, 22),
        (
            "SELECT * FROM X WHERE A ISA 'not a name'",
            ErrorKind::InvalidClassName,
            28,
        ),
        ("SELECT * FROM X WHERE A ISA 5", ErrorKind::InvalidClassName, 28),
        (
            "SELECT * FROM X WHERE A LIKE 'ab[cd'",
            ErrorKind::InvalidPattern,
            32,
        ),
        ("SELECT * FROM X WHERE A = 1e", ErrorKind::InvalidNumber, 26),
        ("SELECT * FROM X WHERE A = 0x", ErrorKind::InvalidNumber, 26),
        ("SELECT * FROM X WHERE A = 12abc", ErrorKind::InvalidNumber, 26),
        ("SELECT * FROM X WHERE A = 1.5.2", ErrorKind::InvalidNumber, 26),
        (
            "SELECT * FROM X WHERE A = 18446744073709551616",
            ErrorKind::NumberOutOfRange,
            26,
        ),
        (
            "SELECT * FROM X WHERE A = -9223372036854775809",
            ErrorKind::NumberOutOfRange,
            26,
        ),
        (
            "SELECT * FROM X WHERE A = 0x10000000000000000",
            ErrorKind::NumberOutOfRange,
            26,
        ),
        ("SELECT * FROM X WHERE A = 1e400", ErrorKind::NumberOutOfRange, 26),
        ("SELECT * FROM X WHERE Like = 1", ErrorKind::UnexpectedToken, 22),
        ("SELECT * FROM X WITHIN 0", ErrorKind::NumberOutOfRange, 23),
        ("SELECT * FROM X WITHIN 'a'", ErrorKind::UnexpectedToken, 23),
        ("ASSOCIATORS OF {X.A=1}", ErrorKind::Unsupported, 0),
        (
            "SELECT * FROM X WHERE A = 1 GROUP WITHIN 10",
            ErrorKind::Unsupported,
            28,
        ),
        ("SELECT * FROM X HAVING A = 1", ErrorKind::Unsupported, 16),
        // Positions count characters, not bytes.
        (
            "SELECT * FROM Ärger WHERE Größe # 1",
            ErrorKind::UnexpectedChar,
            32,
        ),
    ];
    for &(text, kind, position) in cases {
        let e = err(text);
        assert_eq!((e.kind, e.position), (kind, position), "{text:?}: {e}");
        assert!(!e.message.is_empty());
        assert_eq!(e.result_code(), MI_RESULT_INVALID_QUERY);
        assert!(e.to_string().contains(&format!("character {position}")));
    }
    assert!(
        err("SELECT * FROM X WHERE A ISA 5")
            .message
            .contains("class name")
    );
    assert!(err("SELECT * FORM X").message.contains("expected FROM"));
}

#[test]
fn limits() {
    // Length.
    let long = format!("SELECT * FROM X WHERE A = '{}'", "x".repeat(MAX_QUERY_BYTES));
    assert_eq!(err(&long).kind, ErrorKind::TooLong);
    // The limit falls inside a two-byte character (27 ASCII bytes, then 'é's): the position
    // is still a character index, of the character the limit cuts.
    let wide = format!("SELECT * FROM X WHERE A = '{}'", "é".repeat(MAX_QUERY_BYTES / 2));
    let e = err(&wide);
    assert_eq!(
        (e.kind, e.position),
        (ErrorKind::TooLong, 27 + (MAX_QUERY_BYTES - 28) / 2)
    );
    let fits = format!("SELECT * FROM X WHERE A = '{}'", "x".repeat(MAX_QUERY_BYTES - 40));
    q(&fits);
    // NOT chains and nested lists count; plain parentheses do not.
    let nots = |n: usize| format!("SELECT * FROM X WHERE {}A = 1", "NOT ".repeat(n));
    assert_eq!(q(&nots(MAX_DEPTH - 1)).condition.unwrap().depth(), MAX_DEPTH);
    let e = err(&nots(MAX_DEPTH));
    assert_eq!(e.kind, ErrorKind::TooDeep);
    let nested = |n: usize| {
        let mut s = "A = 1".to_owned();
        for _ in 0..n {
            s = format!("({s}) AND B = 2");
        }
        format!("SELECT * FROM X WHERE {s}")
    };
    assert_eq!(q(&nested(MAX_DEPTH - 1)).condition.unwrap().depth(), MAX_DEPTH);
    assert_eq!(err(&nested(MAX_DEPTH)).kind, ErrorKind::TooDeep);
    let parens = |n: usize| format!("SELECT * FROM X WHERE {}A = 1{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(q(&parens(20_000)).condition.unwrap(), cmp("A", CmpOp::Eq, 1));
    // Unbalanced at that size is an error, not a crash.
    let open = format!("SELECT * FROM X WHERE {}A = 1", "(".repeat(60_000));
    assert_eq!(err(&open).kind, ErrorKind::UnexpectedToken);
    // A long chain is one wide list: parses and evaluates without deep recursion.
    let chain = format!(
        "SELECT * FROM X WHERE {}",
        vec!["Count = 42"; 4_000].join(" AND ")
    );
    let c = q(&chain);
    assert_eq!(c.condition.as_ref().unwrap().depth(), 2);
    assert_eq!(c.evaluate(&FixedRow::sample()).truth, T);
    // Paths.
    let path = |n: usize| format!("SELECT * FROM X WHERE {} = 1", vec!["P"; n].join("."));
    q(&path(MAX_PATH));
    assert_eq!(err(&path(MAX_PATH + 1)).kind, ErrorKind::TooDeep);
}

#[test]
fn evaluating_deep_trees_runs_on_a_small_stack() {
    // The deepest tree the parser allows, evaluated and printed on a 256 KiB stack.
    let mut s = "Count = 42".to_owned();
    for i in 0..(MAX_DEPTH - 1) {
        s = if i % 2 == 0 {
            format!("NOT ({s})")
        } else {
            format!("({s}) OR Missing = 1")
        };
    }
    let query = q(&format!("SELECT * FROM X WHERE {s}"));
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let t = query.evaluate(&FixedRow::sample()).truth;
            let printed = query.to_string();
            (t, Query::parse(&printed).map(|again| again == query))
        })
        .unwrap();
    let (t, again) = handle.join().unwrap();
    // An odd number of NOTs over TRUE, OR-ed with unknowns.
    assert_ne!(t, T);
    assert_eq!(again, Ok(true));
}

// ---- LIKE ------------------------------------------------------------------------------

fn like(pattern: &str, text: &str) -> bool {
    Pattern::compile(pattern)
        .unwrap_or_else(|_| panic!("{pattern}"))
        .matches(text)
}

#[test]
fn like_patterns() {
    // Empty pattern, `%` alone, trailing and leading `%`.
    assert!(like("", ""));
    assert!(!like("", "a"));
    assert!(like("%", ""));
    assert!(like("%", "anything"));
    assert!(like("%%%", "x"));
    assert!(like("Win%", "Win32_Process"));
    assert!(like("Win%", "Win"));
    assert!(!like("Win%", "Wi"));
    assert!(like("%Process", "Win32_Process"));
    assert!(like("%32%", "Win32_Process"));
    assert!(!like("%64%", "Win32_Process"));
    assert!(like("a%b%c", "aXXbYYc"));
    assert!(like("a%b%c", "abc"));
    assert!(!like("a%b%c", "acb"));
    // `_`: exactly one character.
    assert!(like("M_rs", "Mars"));
    assert!(like("M_rs", "M3rs"));
    assert!(!like("M_rs", "Mrs"));
    assert!(!like("M_rs", "Maars"));
    assert!(like("_", "é"));
    assert!(!like("_", ""));
    // Sets, ranges, negation (WMI's examples).
    assert!(like("[A-Z]ars", "Mars"));
    assert!(like("[A-Z]ars", "wars"));
    assert!(!like("[A-Z]ars", "5ars"));
    assert!(like("[^A-M]ars", "Wars"));
    assert!(!like("[^A-M]ars", "Mars"));
    assert!(like("[abc]x", "bx"));
    assert!(!like("[abc]x", "dx"));
    assert!(like("[^abc]", "d"));
    assert!(!like("[^abc]", "a"));
    assert!(like("[a-cx-z]", "y"));
    // Literal metacharacters through brackets; no escape character.
    assert!(like("%[_][_]%", "a__b"));
    assert!(!like("%[_][_]%", "a_b"));
    assert!(like("100[%]", "100%"));
    assert!(!like("100[%]", "1000"));
    assert!(like("[[]x]", "[x]"));
    assert!(like("a]b", "a]b"));
    assert!(like("C:\\%", "C:\\Windows"));
    assert!(!like("C:\\%", "C:Windows"));
    // `-` first or last is itself; `[]` matches nothing, `[^]` any one character.
    assert!(like("[-a]", "-"));
    assert!(like("[a-]", "-"));
    assert!(!like("[a-]", "b"));
    assert!(!like("[]", "a"));
    assert!(!like("[]", ""));
    assert!(like("[^]", "a"));
    // Case-insensitive, also in ranges and beyond ASCII.
    assert!(like("WIN%", "win32"));
    assert!(like("[a-c]", "B"));
    assert!(like("[A-C]", "b"));
    assert!(like("é%", "École"));
    // WMI folds to upper case: `[Z-_]` covers `[`, `\`, `]`, `^` (PowerShell relies on it).
    assert!(like("[Z-_]", "\\"));
    assert!(like("[Z-_]", "^"));
    // Unclosed '['.
    assert!(Pattern::compile("[abc").is_err());
    assert!(Pattern::compile("x[").is_err());
    assert!(Pattern::compile("[^").is_err());
}

#[test]
fn like_has_no_exponential_backtracking() {
    let text = "a".repeat(20_000);
    let pattern = format!("{}b", "%a".repeat(50));
    let start = std::time::Instant::now();
    assert!(!like(&pattern, &text));
    assert!(like(&format!("{}%", "%a".repeat(50)), &text));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn like_in_queries() {
    assert_eq!(truth("Name LIKE 'thing%'"), T);
    assert_eq!(truth("Name LIKE '%TWO'"), F);
    assert_eq!(truth("NOT Name LIKE '%TWO'"), T);
    // char16 as a one-character string, datetime as DMTF text.
    assert_eq!(truth("Letter LIKE 'Q'"), T);
    assert_eq!(truth("Since LIKE '20240229%+060'"), T);
    // Pattern from a property, and patterns on other types.
    assert_eq!(truth("'Thing One' LIKE Name"), T);
    assert_eq!(truth("Count LIKE '4%'"), U);
    assert!(matches!(
        problem("Count LIKE '4%'"),
        Some(Problem::TypeMismatch(_))
    ));
    assert_eq!(truth("Name LIKE 5"), U);
    assert_eq!(truth("Name LIKE NULL"), U);
    assert_eq!(truth("Missing LIKE '%'"), U);
    let row = FixedRow::new(
        "C",
        &[],
        vec![("P", Val::Str("[ab".into())), ("S", Val::Str("a".into()))],
    );
    let e = eval_on(&row, "S LIKE P");
    assert_eq!((e.truth, e.problem), (U, Some(Problem::InvalidPattern)));
}

// ---- NULL logic ------------------------------------------------------------------------

#[test]
fn three_valued_logic() {
    // `Missing` is a NULL property; `Count` is 42.
    assert_eq!(truth("Missing = 1"), U);
    assert_eq!(truth("Missing <> 1"), U);
    assert_eq!(truth("Missing < 1"), U);
    assert_eq!(truth("NOT Missing = 1"), U);
    assert_eq!(truth("NOT NOT Missing = 1"), U);
    assert_eq!(truth("Missing = Count"), U);
    assert_eq!(eval_on(&FixedRow::sample(), "Missing = 1").problem, None);
    // IS NULL and `= NULL`.
    assert_eq!(truth("Missing IS NULL"), T);
    assert_eq!(truth("Missing IS NOT NULL"), F);
    assert_eq!(truth("Missing = NULL"), T);
    assert_eq!(truth("NULL = Missing"), T);
    assert_eq!(truth("Missing <> NULL"), F);
    assert_eq!(truth("Missing != NULL"), F);
    assert_eq!(truth("Count = NULL"), F);
    assert_eq!(truth("Count <> NULL"), T);
    assert_eq!(truth("Count IS NULL"), F);
    assert_eq!(truth("Count IS NOT NULL"), T);
    assert_eq!(truth("Count < NULL"), U);
    assert_eq!(truth("NULL = NULL"), T);
    assert_eq!(truth("NULL <> NULL"), F);
    assert_eq!(truth("NULL < NULL"), U);
    assert_eq!(truth("5 IS NULL"), F);
    assert_eq!(truth("NULL IS NULL"), T);
    // Kleene tables through AND / OR.
    assert_eq!(truth("Missing = 1 OR Count = 42"), T);
    assert_eq!(truth("Missing = 1 OR Count = 0"), U);
    assert_eq!(truth("Missing = 1 AND Count = 42"), U);
    assert_eq!(truth("Missing = 1 AND Count = 0"), F);
    assert_eq!(truth("NOT (Missing = 1 AND Count = 0)"), T);
    assert_eq!(truth("NOT (Missing = 1 OR Count = 0)"), U);
    // Selected only when true.
    let row = FixedRow::sample();
    assert!(q("SELECT * FROM C").matches(&row));
    assert!(q("SELECT * FROM C WHERE Count = 42").matches(&row));
    assert!(!q("SELECT * FROM C WHERE Count = 41").matches(&row));
    assert!(!q("SELECT * FROM C WHERE Missing = 1").matches(&row));
    assert!(!q("SELECT * FROM C WHERE NOT Missing = 1").matches(&row));
}

#[test]
fn missing_and_unreadable_properties_are_unknown() {
    assert_eq!(truth("Nope = 1"), U);
    assert_eq!(truth("Nope IS NULL"), U);
    assert_eq!(truth("Nope = NULL"), U);
    assert_eq!(truth("NOT Nope = 1"), U);
    assert_eq!(problem("Nope = 1"), Some(Problem::NoSuchProperty("Nope".into())));
    assert_eq!(
        problem("Part.Nope = 1"),
        Some(Problem::NoSuchProperty("Part.Nope".into()))
    );
    // Weak typing of embedded instances: a property only one class has still lets an OR
    // of alternatives select (WMI's TargetInstance queries).
    assert_eq!(
        truth("Part ISA 'Other' AND Part.Other = 1 OR Part ISA 'Sample_Part' AND Part.Size = 7"),
        T
    );
    assert_eq!(truth("Broken = 1"), U);
    assert!(matches!(problem("Broken IS NULL"), Some(Problem::Unreadable(_))));
    // The first problem is kept.
    assert_eq!(
        problem("Count = 42 AND Nope = 1 AND Name = 5"),
        Some(Problem::NoSuchProperty("Nope".into()))
    );
}

// ---- typed comparison ------------------------------------------------------------------

#[test]
fn integers_and_reals() {
    assert_eq!(truth("Count = 42"), T);
    assert_eq!(truth("Count = 0x2A"), T);
    assert_eq!(truth("Count <> 42"), F);
    assert_eq!(
        truth("Count > 41 AND Count >= 42 AND Count < 43 AND Count <= 42"),
        T
    );
    assert_eq!(truth("Count > -1"), T);
    assert_eq!(truth("Delta < 0"), T);
    assert_eq!(truth("Delta = -5"), T);
    assert_eq!(truth("Count > Delta"), T);
    // Integers against reals, exactly.
    assert_eq!(truth("Count = 42.0"), T);
    assert_eq!(truth("Count < 42.5"), T);
    assert_eq!(truth("Count > 41.999"), T);
    assert_eq!(truth("Delta > -5.5"), T);
    assert_eq!(truth("Ratio = 0.5 AND Ratio < 1 AND Ratio > 0"), T);
    assert_eq!(truth("Count > Ratio"), T);
    // A real literal against MI_REAL32 is rounded to f32 first.
    assert_eq!(truth("Small = 0.1"), T);
    assert_eq!(truth("Small > 0.1"), F);
    assert_eq!(truth("Small < 0.2"), T);
    // Against MI_REAL64, a property, it is not.
    assert_eq!(truth("Small = Ratio"), F);
    // Every width and sign: extremes compare exactly (OMI folds MI_UINT64 into signed).
    let row = FixedRow::new(
        "C",
        &[],
        vec![
            ("Max", Val::U64(u64::MAX)),
            ("Min", Val::I64(i64::MIN)),
            ("Big", Val::U64(1 << 63)),
            ("NaN", Val::R64(f64::NAN)),
            ("Huge", Val::R64(1e300)),
        ],
    );
    let t = |text: &str| eval_on(&row, text).truth;
    assert_eq!(t("Max = 18446744073709551615"), T);
    assert_eq!(t("Max > 0"), T);
    assert_eq!(t("Max = -1"), F);
    assert_eq!(t("Big > 9223372036854775807"), T);
    assert_eq!(t("Min = -9223372036854775808"), T);
    assert_eq!(t("Min < Max"), T);
    assert_eq!(t("Max < 1.8446744073709552e19"), T);
    assert_eq!(t("Huge > Max"), T);
    // NaN: only <> holds.
    assert_eq!(t("NaN = 1"), F);
    assert_eq!(t("NaN <> 1"), T);
    assert_eq!(t("NaN < 1 OR NaN >= 1"), F);
    assert_eq!(t("NaN = NaN"), F);
}

#[test]
fn booleans() {
    assert_eq!(truth("Enabled = TRUE"), T);
    assert_eq!(truth("Enabled <> FALSE"), T);
    assert_eq!(truth("Enabled != FALSE"), T);
    assert_eq!(truth("Enabled = 1"), T);
    assert_eq!(truth("Enabled = 0"), F);
    assert_eq!(truth("Enabled = 2"), F);
    assert_eq!(truth("Enabled = 'true'"), T);
    assert_eq!(truth("Enabled = 'FALSE'"), F);
    assert_eq!(truth("Enabled = 'yes'"), U);
    assert_eq!(truth("Enabled < TRUE"), U);
    assert!(matches!(
        problem("Enabled > FALSE"),
        Some(Problem::TypeMismatch(_))
    ));
    assert_eq!(truth("Enabled = 1.0"), U);
    assert_eq!(truth("TRUE = TRUE"), T);
}

#[test]
fn strings_and_coercion() {
    assert_eq!(truth("Name = 'Thing One'"), T);
    assert_eq!(truth("Name = 'THING ONE'"), T);
    assert_eq!(truth("Name = \"thing one\""), T);
    assert_eq!(truth("Name <> 'thing'"), T);
    assert_eq!(truth("Name < 'thing two' AND Name > 'THING'"), T);
    assert_eq!(truth("'a' = 'A'"), T);
    assert_eq!(truth("'Ä' = 'ä'"), T);
    // A string against a number is read as a number.
    assert_eq!(truth("Count = '42'"), T);
    assert_eq!(truth("Count = '0x2a'"), T);
    assert_eq!(truth("Count < '42.5'"), T);
    assert_eq!(truth("Ratio = '0.5'"), T);
    assert_eq!(truth("Small = '0.1'"), T);
    assert_eq!(truth("Count = 'forty-two'"), U);
    assert_eq!(truth("Count = ' 42'"), U);
    assert_eq!(truth("Name = 5"), U);
    assert!(matches!(problem("Name = 5"), Some(Problem::TypeMismatch(_))));
    // Property to property.
    assert_eq!(truth("Name = Name"), T);
    assert_eq!(truth("Part.Name = 'PART'"), T);
}

#[test]
fn char16() {
    // 'q': exact, case-sensitive with strings; numeric with integers.
    assert_eq!(truth("Letter = 'q'"), T);
    assert_eq!(truth("Letter = 'Q'"), F);
    assert_eq!(truth("Letter = 'qq'"), F);
    assert_eq!(truth("Letter < 'r'"), T);
    assert_eq!(truth("Letter = 113"), T);
    assert_eq!(truth("Letter > 0x70"), T);
    assert_eq!(truth("Letter = 1.0"), U);
}

#[test]
fn datetimes() {
    // 2024-02-29 12:00 at UTC+60 minutes is 11:00 UTC.
    assert_eq!(truth("Since = '20240229120000.000000+060'"), T);
    assert_eq!(truth("Since = '20240229110000.000000+000'"), T);
    assert_eq!(truth("Since = '20240229060000.000000-300'"), T);
    assert_eq!(truth("Since < '20240229110000.000001+000'"), T);
    assert_eq!(truth("Since > '20240228235959.999999+000'"), T);
    assert_eq!(truth("Since >= '20250101000000.000000+000'"), F);
    assert_eq!(truth("Since = 'garbage'"), U);
    assert_eq!(truth("Since = '2024****120000.000000+060'"), U);
    assert_eq!(truth("Since = '20241329120000.000000+060'"), U);
    assert_eq!(truth("Since = '00000001000000.000000:000'"), U);
    assert_eq!(truth("Since = 5"), U);
    let iv = |days, hours| Datetime::Interval {
        days,
        hours,
        minutes: 0,
        seconds: 0,
        microseconds: 0,
    };
    let row = FixedRow::new(
        "C",
        &[],
        vec![("Up", Val::Dt(iv(1, 2))), ("Down", Val::Dt(iv(0, 30)))],
    );
    let t = |text: &str| eval_on(&row, text).truth;
    assert_eq!(t("Up = '00000001020000.000000:000'"), T);
    assert_eq!(t("Up > '00000001015959.999999:000'"), T);
    assert_eq!(t("Down > Up"), T);
    assert_eq!(t("Up = '20240229120000.000000+060'"), U);
    // DMTF text round trip.
    for s in [
        "20240229120000.123456+060",
        "19991231235959.000000-480",
        "12345678010203.000004:000",
    ] {
        assert_eq!(Datetime::from_dmtf(s).unwrap().to_dmtf(), s);
    }
}

#[test]
fn instances_references_and_arrays_compare_with_nothing() {
    for text in [
        "Part = 1",
        "Part = Part",
        "Owner = 'x'",
        "Tags = 1",
        "Tags LIKE '%'",
    ] {
        assert_eq!(truth(text), U, "{text}");
        assert!(matches!(problem(text), Some(Problem::TypeMismatch(_))), "{text}");
    }
    assert_eq!(truth("Tags IS NULL"), F);
    assert_eq!(truth("Part IS NOT NULL"), T);
}

// ---- ISA and paths ---------------------------------------------------------------------

#[test]
fn isa_and_paths() {
    assert_eq!(truth("Part ISA 'Sample_Part'"), T);
    assert_eq!(truth("Part ISA 'sample_part'"), T);
    assert_eq!(truth("Part ISA Sample_Base"), T);
    assert_eq!(truth("Part ISA 'Sample_Thing'"), F);
    assert_eq!(truth("NOT Part ISA 'Sample_Thing'"), T);
    assert_eq!(truth("Owner ISA 'Sample_Part'"), T);
    assert_eq!(truth("Name ISA 'Sample_Part'"), U);
    assert!(matches!(problem("Name ISA 'X'"), Some(Problem::TypeMismatch(_))));
    assert_eq!(truth("Missing ISA 'X'"), U);
    assert_eq!(truth("Nope ISA 'X'"), U);
    // The instance itself, and its class name.
    assert_eq!(truth("__THIS ISA 'CIM_ManagedElement'"), T);
    assert_eq!(truth("__this ISA 'Sample_Part'"), F);
    assert_eq!(truth("__CLASS = 'sample_thing'"), T);
    assert_eq!(truth("__Class LIKE 'Sample%'"), T);
    assert_eq!(truth("Part.__CLASS = 'Sample_Part'"), T);
    assert_eq!(truth("__THIS.Count = 42"), T);
    // Paths.
    assert_eq!(truth("Part.Size > 5 AND Part.Name LIKE 'p%'"), T);
    assert_eq!(truth("Owner.Size = 7"), T);
    assert_eq!(truth("Name.Size = 7"), U);
    assert_eq!(truth("Part.Nope = 1"), U);
    // A NULL embedded instance makes the path NULL.
    let row = FixedRow::new("C", &[], vec![("Emb", Val::Null)]);
    assert_eq!(eval_on(&row, "Emb.Name IS NULL").truth, T);
    assert_eq!(eval_on(&row, "Emb.Name = 'x'").truth, U);
    assert_eq!(eval_on(&row, "Emb ISA 'X'").truth, U);
}

#[test]
fn projection() {
    let all = q("SELECT * FROM C");
    assert!(all.keeps("Anything"));
    let some = q("SELECT Name, count FROM C WHERE Key = 1");
    assert!(some.keeps("Name"));
    assert!(some.keeps("NAME"));
    assert!(some.keeps("Count"));
    assert!(!some.keeps("Key"));
    assert!(!some.keeps("Other"));
}

#[test]
fn referenced_properties() {
    let names = |text: &str| -> Vec<String> {
        q(text)
            .referenced_properties()
            .iter()
            .map(|n| n.as_str().to_owned())
            .collect()
    };
    assert_eq!(names("SELECT * FROM C"), Vec::<String>::new());
    assert_eq!(
        names(
            "SELECT Name, count FROM C WHERE (Key = 1 OR NOT name LIKE 'x') AND T.Inner = Other.X \
             AND __CLASS = 'C' AND __THIS ISA 'C' AND Emb ISA 'D' AND Z IS NULL AND 'lit' = 5"
        ),
        ["Name", "count", "Key", "T", "Other", "Emb", "Z"]
    );
}

// ---- the MI_Instance adapter over the library's instances ------------------------------

mod adapter {
    use super::*;
    use crate::instance::Instance;
    use crate::strings;
    use std::ptr::{null, null_mut};

    // A table with the slots the adapter and the instance core need, over the instance
    // core's own functions (the library's real table lives in `ffi`, out of reach here).
    static TABLE: MI_InstanceFT = MI_InstanceFT {
        Clone: None,
        Destruct: None,
        Delete: Some(t_delete),
        IsA: None,
        GetClassName: Some(t_get_class_name),
        SetNameSpace: None,
        GetNameSpace: None,
        GetElementCount: None,
        AddElement: None,
        SetElement: None,
        SetElementAt: None,
        GetElement: Some(t_get_element),
        GetElementAt: None,
        ClearElement: None,
        ClearElementAt: None,
        GetServerName: None,
        SetServerName: None,
        GetClass: None,
    };

    unsafe extern "system" fn t_delete(p: *mut MI_Instance) -> MI_Result {
        // SAFETY: the instance core checks `p` is ours before freeing it.
        match unsafe { Instance::delete(p, &TABLE) } {
            Ok(()) => MI_RESULT_OK,
            Err(e) => e,
        }
    }

    unsafe extern "system" fn t_get_class_name(p: *const MI_Instance, out: *mut *const MI_Char) -> MI_Result {
        // SAFETY: the adapter passes a live instance of ours and a valid out-pointer.
        unsafe {
            match Instance::resolve(p, &TABLE) {
                Ok(inst) => {
                    *out = inst.class_name().as_ptr();
                    MI_RESULT_OK
                }
                Err(e) => e,
            }
        }
    }

    unsafe extern "system" fn t_get_element(
        p: *const MI_Instance,
        name: *const MI_Char,
        value: *mut MI_Value,
        ty: *mut MI_Type,
        flags: *mut MI_Uint32,
        index: *mut MI_Uint32,
    ) -> MI_Result {
        // SAFETY: the adapter passes a live instance of ours, a NUL-terminated name and
        // valid out-pointers.
        unsafe {
            let inst = match Instance::resolve(p, &TABLE) {
                Ok(i) => i,
                Err(e) => return e,
            };
            let i = match inst.find_c(name) {
                Ok(i) => i,
                Err(e) => return e,
            };
            let Ok(e) = inst.element(i) else {
                return MI_RESULT_FAILED;
            };
            *value = e.view();
            *ty = e.ty;
            *flags = e.flags_out();
            *index = i;
        }
        MI_RESULT_OK
    }

    fn zero() -> MI_Value {
        // SAFETY: MI_Value is plain data and pointers; all zeroes is valid.
        unsafe { std::mem::zeroed() }
    }

    /// Adds an element to an instance of ours (`flags` may ask to adopt an instance).
    fn add(p: *mut MI_Instance, name: &str, v: MI_Value, ty: MI_Type, flags: MI_Uint32) {
        let n = strings::encode(name);
        // SAFETY: `p` is a live instance of ours; the name and value are valid locals.
        unsafe { Instance::add_element(p, &TABLE, n.as_ptr(), &v, ty, flags) }.unwrap();
    }

    fn build() -> *mut MI_Instance {
        let part = Instance::new_dynamic(&TABLE, "Lib_Part").unwrap();
        let mut v = zero();
        v.uint16 = 7;
        add(part, "Size", v, MI_UINT16, 0);

        let p = Instance::new_dynamic(&TABLE, "Lib_Thing").unwrap();
        let name = strings::encode("Thing One");
        let mut v = zero();
        v.string = name.as_ptr().cast_mut();
        add(p, "Name", v, MI_STRING, MI_FLAG_KEY);
        let mut v = zero();
        v.uint8 = 200;
        add(p, "U8", v, MI_UINT8, 0);
        let mut v = zero();
        v.sint8 = -100;
        add(p, "S8", v, MI_SINT8, 0);
        let mut v = zero();
        v.uint32 = 4_000_000_000;
        add(p, "U32", v, MI_UINT32, 0);
        let mut v = zero();
        v.sint32 = -2_000_000_000;
        add(p, "S32", v, MI_SINT32, 0);
        let mut v = zero();
        v.uint64 = u64::MAX;
        add(p, "U64", v, MI_UINT64, 0);
        let mut v = zero();
        v.sint64 = i64::MIN;
        add(p, "S64", v, MI_SINT64, 0);
        let mut v = zero();
        v.sint16 = -300;
        add(p, "S16", v, MI_SINT16, 0);
        let mut v = zero();
        v.real32 = 0.1;
        add(p, "R32", v, MI_REAL32, 0);
        let mut v = zero();
        v.real64 = -2.5;
        add(p, "R64", v, MI_REAL64, 0);
        let mut v = zero();
        v.boolean = 1;
        add(p, "Flag", v, MI_BOOLEAN, 0);
        let mut v = zero();
        v.char16 = u16::from(b'Z');
        add(p, "Ch", v, MI_CHAR16, 0);
        let mut v = zero();
        v.datetime = MI_Datetime {
            isTimestamp: 1,
            u: MI_Datetime_u {
                timestamp: MI_Timestamp {
                    year: 2021,
                    month: 12,
                    day: 31,
                    hour: 23,
                    minute: 59,
                    second: 58,
                    microseconds: 5,
                    utc: -60,
                },
            },
        };
        add(p, "When", v, MI_DATETIME, 0);
        let mut v = zero();
        v.datetime = MI_Datetime {
            isTimestamp: 0,
            u: MI_Datetime_u {
                interval: MI_Interval {
                    days: 3,
                    hours: 4,
                    minutes: 5,
                    seconds: 6,
                    microseconds: 7,
                    __padding1: 0,
                    __padding2: 0,
                    __padding3: 0,
                },
            },
        };
        add(p, "Span", v, MI_DATETIME, 0);
        add(p, "Nothing", zero(), MI_STRING, MI_FLAG_NULL);
        let data = [1u32, 2, 3];
        let mut v = zero();
        v.uint32a = MI_Uint32A {
            data: data.as_ptr().cast_mut(),
            size: 3,
        };
        add(p, "List", v, MI_UINT32A, 0);
        let mut v = zero();
        v.instance = part;
        add(p, "Part", v, MI_INSTANCE, MI_FLAG_ADOPT);
        add(p, "NoPart", zero(), MI_INSTANCE, MI_FLAG_NULL);
        p
    }

    #[test]
    fn queries_over_library_instances() {
        let p = build();
        check_library_instance(p);
        // SAFETY: ours, no reference to it in use; frees the adopted Part too.
        unsafe { Instance::delete(p, &TABLE) }.unwrap();
    }

    fn check_library_instance(p: *mut MI_Instance) {
        // SAFETY: `p` is a live instance of ours, unchanged while `row` is used.
        let row = unsafe { InstanceRow::new(p) }.unwrap();
        assert_eq!(row.class_name().as_deref(), Some("Lib_Thing"));
        assert!(row.is_a("lib_thing"));
        assert!(!row.is_a("Lib_Part"));
        let t = |text: &str| eval_on(&row, text);
        for text in [
            "Name = 'THING ONE' AND __CLASS = 'Lib_Thing'",
            "U8 = 200 AND S8 = -100 AND S16 = -300",
            "U32 = 4000000000 AND S32 = -2000000000",
            "U64 = 18446744073709551615 AND S64 = -9223372036854775808 AND U64 > S64",
            "R32 = 0.1 AND R64 = -2.5 AND R64 < R32",
            "Flag = TRUE AND Ch = 'Z' AND Ch = 90",
            "When = '20220101005958.000005+000' AND When LIKE '20211231%-060'",
            "Span = '00000003040506.000007:000'",
            "Nothing IS NULL AND Nothing = NULL AND NoPart IS NULL",
            "List IS NOT NULL",
            "Part ISA 'Lib_Part' AND Part.Size = 7 AND Part.__CLASS = 'lib_part'",
            "NoPart.Size IS NULL",
            "__THIS ISA 'Lib_Thing'",
        ] {
            let e = t(text);
            assert_eq!((e.truth, e.problem), (T, None), "{text}");
        }
        for (text, want) in [
            ("Nothing = 'x'", U),
            ("List = 1", U),
            ("Nope = 1", U),
            ("Part ISA 'Lib_Thing'", F),
            ("U8 > 200", F),
        ] {
            assert_eq!(t(text).truth, want, "{text}");
        }
        assert_eq!(
            t("Nope = 1").problem,
            Some(Problem::NoSuchProperty("Nope".into()))
        );
        let query = q("SELECT Name, Part FROM Lib_Thing WHERE Part.Size > 6");
        assert!(query.matches(&row));
    }

    // ---- a foreign, statically laid out instance with a class hierarchy ----------------

    struct SyncDecl(MI_ClassDecl);
    // SAFETY: read-only declarations whose pointers point at 'static data.
    unsafe impl Sync for SyncDecl {}

    const fn decl(name: &'static [u8], parent: *const MI_ClassDecl) -> MI_ClassDecl {
        MI_ClassDecl {
            flags: MI_FLAG_CLASS,
            code: 0,
            name: name.as_ptr().cast(),
            qualifiers: null(),
            numQualifiers: 0,
            properties: null(),
            numProperties: 0,
            size: 0,
            superClass: null(),
            superClassDecl: parent,
            methods: null(),
            numMethods: 0,
            schema: null(),
            providerFT: null(),
            owningClass: null_mut(),
        }
    }

    static BASE: SyncDecl = SyncDecl(decl(b"CIM_Base\0", null()));
    static MIDDLE: SyncDecl = SyncDecl(decl(b"CIM_Middle\0", &BASE.0));
    static LEAF: SyncDecl = SyncDecl(decl(b"Vendor_Leaf\0", &MIDDLE.0));

    static FOREIGN: MI_InstanceFT = MI_InstanceFT {
        GetClassName: None,
        GetElement: Some(f_get_element),
        ..TABLE_NONE
    };
    const TABLE_NONE: MI_InstanceFT = MI_InstanceFT {
        Clone: None,
        Destruct: None,
        Delete: None,
        IsA: None,
        GetClassName: None,
        SetNameSpace: None,
        GetNameSpace: None,
        GetElementCount: None,
        AddElement: None,
        SetElement: None,
        SetElementAt: None,
        GetElement: None,
        GetElementAt: None,
        ClearElement: None,
        ClearElementAt: None,
        GetServerName: None,
        SetServerName: None,
        GetClass: None,
    };

    /// One property `Id` = 9; `Gone` is NULL by flag; `Bad` fails; `Bytes` is not text.
    unsafe extern "system" fn f_get_element(
        _p: *const MI_Instance,
        name: *const MI_Char,
        value: *mut MI_Value,
        ty: *mut MI_Type,
        flags: *mut MI_Uint32,
        _index: *mut MI_Uint32,
    ) -> MI_Result {
        static BYTES: [u8; 3] = [0xFF, 0xFE, 0];
        // SAFETY: the adapter passes a NUL-terminated name and valid out-pointers.
        unsafe {
            let name = strings::decode(strings::c_chars(name).unwrap()).unwrap();
            *flags = 0;
            match &*name {
                "Id" => {
                    (*value).uint32 = 9;
                    *ty = MI_UINT32;
                }
                "Gone" => {
                    *ty = MI_UINT32;
                    *flags = MI_FLAG_NULL;
                }
                "Bad" => return MI_RESULT_ACCESS_DENIED,
                "Bytes" if cfg!(not(windows)) => {
                    (*value).string = BYTES.as_ptr().cast_mut().cast();
                    *ty = MI_STRING;
                }
                "Weird" => *ty = 77,
                _ => return MI_RESULT_NO_SUCH_PROPERTY,
            }
        }
        MI_RESULT_OK
    }

    #[test]
    fn foreign_static_instance() {
        let header = MI_Instance {
            ft: &FOREIGN,
            classDecl: &LEAF.0,
            serverName: null(),
            nameSpace: null(),
            reserved: [0; 4],
        };
        // SAFETY: a live header with a valid table and declaration chain, unchanged.
        let row = unsafe { InstanceRow::new(&header) }.unwrap();
        // No GetClassName slot: the name comes from the declaration.
        assert_eq!(row.class_name().as_deref(), Some("Vendor_Leaf"));
        assert!(row.is_a("cim_base") && row.is_a("CIM_Middle") && row.is_a("Vendor_Leaf"));
        assert!(!row.is_a("CIM_Other"));
        let t = |text: &str| eval_on(&row, text);
        assert_eq!(t("Id = 9 AND __THIS ISA 'CIM_Base'").truth, T);
        assert_eq!(t("Gone IS NULL").truth, T);
        assert_eq!(
            t("Missing = 1").problem,
            Some(Problem::NoSuchProperty("Missing".into()))
        );
        assert!(matches!(t("Bad = 1").problem, Some(Problem::Unreadable(_))));
        assert!(matches!(t("Weird = 1").problem, Some(Problem::Unreadable(_))));
        if cfg!(not(windows)) {
            assert!(matches!(t("Bytes = 'x'").problem, Some(Problem::Unreadable(_))));
        }
    }

    #[test]
    fn null_and_tableless_instances_are_refused() {
        // SAFETY: NULL is allowed.
        assert!(unsafe { InstanceRow::new(null()) }.is_none());
        let header = MI_Instance {
            ft: null(),
            classDecl: &LEAF.0,
            serverName: null(),
            nameSpace: null(),
            reserved: [0; 4],
        };
        // SAFETY: a live header whose ft is NULL.
        assert!(unsafe { InstanceRow::new(&header) }.is_none());
    }
}
