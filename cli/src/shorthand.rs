//! The AWS CLI's shorthand syntax for structure parameters:
//! `Message=Hi,Receiver={Account={AwsAccountId=444455556666}},Payload={...}`.
//! A key's several comma-separated values form a list (`Roles=Reseller,Distributor`), and a single
//! value becomes a one-element list where the model says the member is a list.
use partnercentral_selling::model::shapes::{self, Shape, ShapeKind};
use serde_json::{Map, Value};

/// `text` as a value of `shape` (a structure, union, map or list of them).
pub fn parse(text: &str, shape: &'static Shape) -> Result<Value, String> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    let map = p.keyvals(None)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(p.error("EOF"));
    }
    Ok(coerce(Value::Object(map), shape))
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, expected: &str) -> String {
        let received = self
            .peek()
            .map(|c| c.to_string())
            .unwrap_or_else(|| "EOF".into());
        // The AWS CLI echoes the whole input here; it may hold sensitive members, so only the
        // position is given.
        format!(
            "Expected: '{expected}', received: '{received}' at character {} of the input",
            self.pos + 1
        )
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&c.to_string()))
        }
    }

    /// `key=values` pairs up to `close` (or the end of input).
    fn keyvals(&mut self, close: Option<char>) -> Result<Map<String, Value>, String> {
        let mut map = Map::new();
        loop {
            self.skip_ws();
            if self.peek() == close {
                return Ok(map);
            }
            let key = self.key()?;
            self.expect('=')?;
            let value = self.values(close)?;
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                c if c == close => return Ok(map),
                _ => return Err(self.error(",")),
            }
        }
    }

    fn key(&mut self) -> Result<String, String> {
        self.skip_ws();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || "_-.:/".contains(c))
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("key"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    /// Lookahead: does a `key=` start here (so a comma begins a new pair, not another value)?
    fn at_key(&self) -> bool {
        let mut i = self.pos;
        while self.chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        let start = i;
        while self
            .chars
            .get(i)
            .is_some_and(|c| c.is_alphanumeric() || "_-.:/".contains(*c))
        {
            i += 1;
        }
        i > start && self.chars.get(i) == Some(&'=')
    }

    fn values(&mut self, close: Option<char>) -> Result<Value, String> {
        let mut values = vec![self.value()?];
        loop {
            self.skip_ws();
            if self.peek() != Some(',') {
                break;
            }
            let save = self.pos;
            self.pos += 1;
            if self.at_key() || self.peek() == close {
                self.pos = save;
                break;
            }
            values.push(self.value()?);
        }
        Ok(if values.len() == 1 {
            values.remove(0)
        } else {
            Value::Array(values)
        })
    }

    fn value(&mut self) -> Result<Value, String> {
        self.skip_ws();
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                let map = self.keyvals(Some('}'))?;
                self.expect('}')?;
                Ok(Value::Object(map))
            }
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        self.pos += 1;
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                    self.skip_ws();
                    match self.peek() {
                        Some(',') => self.pos += 1,
                        Some(']') => {}
                        _ => return Err(self.error("]")),
                    }
                }
            }
            Some(q @ ('"' | '\'')) => {
                self.pos += 1;
                let mut s = String::new();
                loop {
                    match self.peek() {
                        None => return Err(self.error(&q.to_string())),
                        Some('\\') if self.chars.get(self.pos + 1) == Some(&q) => {
                            s.push(q);
                            self.pos += 2;
                        }
                        Some(c) if c == q => {
                            self.pos += 1;
                            return Ok(Value::String(s));
                        }
                        Some(c) => {
                            s.push(c);
                            self.pos += 1;
                        }
                    }
                }
            }
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|c| !",]}".contains(c)) {
                    self.pos += 1;
                }
                let s: String = self.chars[start..self.pos].iter().collect();
                Ok(Value::String(s.trim().to_string()))
            }
        }
    }
}

/// Where the model says list, a lone value is a one-element list; where it says integer, double
/// or boolean, the text becomes one (as the AWS CLI's shorthand parser converts scalars). Text
/// that does not convert stays text, for validation to report at its path.
pub fn coerce(value: Value, shape: &'static Shape) -> Value {
    match (shape.kind, value) {
        (ShapeKind::Structure | ShapeKind::Union, Value::Object(map)) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match shape.member(&k) {
                        Some(m) => coerce(v, shapes::get(m.target)),
                        None => v,
                    };
                    (k, v)
                })
                .collect(),
        ),
        (ShapeKind::Map, Value::Object(map)) => match shape.map_value {
            Some(value_shape) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, coerce(v, shapes::get(value_shape))))
                    .collect(),
            ),
            None => Value::Object(map),
        },
        (ShapeKind::List, Value::Array(items)) => match shape.list_member {
            Some(member) => Value::Array(
                items
                    .into_iter()
                    .map(|v| coerce(v, shapes::get(member)))
                    .collect(),
            ),
            None => Value::Array(items),
        },
        (ShapeKind::List, scalar @ (Value::String(_) | Value::Object(_))) => {
            Value::Array(vec![match shape.list_member {
                Some(m) => coerce(scalar, shapes::get(m)),
                None => scalar,
            }])
        }
        (kind, Value::String(s)) => scalar(kind, s),
        (_, v) => v,
    }
}

/// A scalar's text as the model's type, when it reads as one.
pub fn scalar(kind: ShapeKind, text: String) -> Value {
    match kind {
        ShapeKind::Integer | ShapeKind::Long => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(text)),
        ShapeKind::Double => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::String(text)),
        ShapeKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        _ => Value::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(name: &str) -> &'static Shape {
        shapes::by_name(name).unwrap()
    }

    #[test]
    fn nested_hashes_lists_and_lone_list_values() {
        let v = parse(
            "Message=Hello there,Receiver={Account={AwsAccountId=444455556666}},\
             Payload={OpportunityInvitation={ReceiverResponsibilities=Reseller,\
             SenderContacts=[{Email=a@example.com,FirstName='Ann, Jr.'}],\
             Project={Title=T,ExpectedCustomerSpend={Amount=10}}}}",
            shape("Invitation"),
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"Message": "Hello there",
                   "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
                   "Payload": {"OpportunityInvitation": {
                       "ReceiverResponsibilities": ["Reseller"],
                       "SenderContacts": [{"Email": "a@example.com", "FirstName": "Ann, Jr."}],
                       "Project": {"Title": "T", "ExpectedCustomerSpend": [{"Amount": "10"}]}}}})
        );
    }

    #[test]
    fn comma_separated_values_form_a_list() {
        let v = parse(
            "ReceiverResponsibilities=Reseller,Distributor,Customer={CompanyName=X}",
            shape("OpportunityInvitationPayload"),
        )
        .unwrap();
        assert_eq!(
            v["ReceiverResponsibilities"],
            json!(["Reseller", "Distributor"])
        );
        assert_eq!(v["Customer"], json!({"CompanyName": "X"}));
    }

    #[test]
    fn errors_point_at_the_position() {
        let e = parse("Message", shape("Invitation")).unwrap_err();
        assert!(e.starts_with("Expected: '=', received: 'EOF'"), "{e}");
    }
}
