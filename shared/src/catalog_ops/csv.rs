//! CSV as spreadsheets write it (RFC 4180): comma-separated, fields in double quotes may hold
//! commas, line breaks and doubled quotes (`""`); a UTF-8 byte-order mark and CRLF line ends
//! are accepted. Each record keeps the line it starts on, so a report can point at it.

/// One record: the file line it starts on (1 = the header) and its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Line number where the record starts.
    pub line: usize,
    /// Fields, unquoted.
    pub fields: Vec<String>,
}

/// Why the text is not CSV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// A quoted field runs to the end of the file.
    #[error("line {line}: a quoted field is never closed")]
    Unterminated {
        /// Where the field starts.
        line: usize,
    },
    /// A `"` inside a field that is not quoted, or text after a closing quote.
    #[error("line {line}: a quote must open a field or be doubled inside a quoted one")]
    StrayQuote {
        /// Where.
        line: usize,
    },
}

impl CsvError {
    /// The line the error is on.
    pub fn line(&self) -> usize {
        match self {
            CsvError::Unterminated { line } | CsvError::StrayQuote { line } => *line,
        }
    }
}

/// Reads every record; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut record_line = 1;
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    // Whether the current field was quoted (its quotes are closed) or holds anything yet.
    let (mut quoted, mut started) = (false, false);
    let end_record = |fields: &mut Vec<String>, records: &mut Vec<Record>, at: usize| {
        let done = std::mem::take(fields);
        if !(done.len() == 1 && done[0].is_empty()) {
            records.push(Record { line: at, fields: done });
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' if !started => {
                let open_line = line;
                loop {
                    match chars.next() {
                        None => return Err(CsvError::Unterminated { line: open_line }),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                    }
                }
                quoted = true;
                started = true;
            }
            '"' => return Err(CsvError::StrayQuote { line }),
            ',' => {
                fields.push(std::mem::take(&mut field));
                (quoted, started) = (false, false);
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                end_record(&mut fields, &mut records, record_line);
                (quoted, started) = (false, false);
                line += 1;
                record_line = line;
            }
            _ if quoted => return Err(CsvError::StrayQuote { line }),
            c => {
                field.push(c);
                started = true;
            }
        }
    }
    if started || !fields.is_empty() {
        fields.push(field);
        end_record(&mut fields, &mut records, record_line);
    }
    Ok(records)
}

/// One field as CSV: quoted when it holds a comma, a quote, a line break or leading space.
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// One record as a CSV line, ended by CRLF (what spreadsheets expect).
pub fn line(fields: &[&str]) -> String {
    let mut out = fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse(text).unwrap().into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn plain_records_with_crlf_and_a_bom() {
        assert_eq!(fields("\u{feff}a,b\r\n1,2\r\n"), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(fields("a,b\n1,2"), vec![vec!["a", "b"], vec!["1", "2"]], "no final newline");
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_newlines_and_lines_are_counted() {
        let recs = parse("h1,h2\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,y\n").unwrap();
        assert_eq!(recs[1].fields, vec!["a,b", "say \"hi\""]);
        assert_eq!(recs[2].fields, vec!["two\nlines", "x"]);
        assert_eq!((recs[1].line, recs[2].line, recs[3].line), (2, 3, 5));
    }

    #[test]
    fn empty_fields_and_blank_lines() {
        assert_eq!(fields("a,,c\n\n,\n"), vec![vec!["a", "", "c"], vec!["", ""]]);
        assert_eq!(fields("\"\",x"), vec![vec!["", "x"]]);
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opens_on() {
        assert_eq!(parse("a\nb,\"open\nmore"), Err(CsvError::Unterminated { line: 2 }));
    }

    #[test]
    fn stray_quotes_are_refused() {
        assert_eq!(parse("a,b\"c\n"), Err(CsvError::StrayQuote { line: 1 }));
        assert_eq!(parse("h\n\"a\"b,c\n"), Err(CsvError::StrayQuote { line: 2 }));
    }

    proptest! {
        #[test]
        fn what_is_written_reads_back(rows in prop::collection::vec(prop::collection::vec("[^\u{feff}]{0,12}", 1..5), 1..6)) {
            let text: String = rows.iter().map(|r| line(&r.iter().map(String::as_str).collect::<Vec<_>>())).collect();
            let back: Vec<Vec<String>> = parse(&text).unwrap().into_iter().map(|r| r.fields).collect();
            let expected: Vec<Vec<String>> =
                rows.into_iter().filter(|r| !(r.len() == 1 && r[0].is_empty())).collect();
            prop_assert_eq!(back, expected);
        }
    }
}
