//! What the fake gateway's tests share: a minimal HTTP/1.1 client written by hand (request line
//! and headers by hand, responses parsed by hand), independent of `ncloud-client`, signatures
//! computed with the `hmac` crate, and readers of the XML and JSON answers. Everything stays on
//! 127.0.0.1 and every read is bounded in time.

// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use ncloud_fake_gateway::Format;
use sha2::Sha256;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

pub const ACCESS: &str = "AKIDTESTACCESS";
pub const SECRET: &str = "s3cr3t/+=key";
/// Bound on every exchange: the gateway answers in milliseconds.
pub const LIMIT: Duration = Duration::from_secs(2);

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64
}

/// base64(HMAC-SHA256(secret, "METHOD TARGET\nTIMESTAMP\nACCESS")), computed here.
pub fn sign(method: &str, target: &str, timestamp: &str, access: &str, secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{method} {target}\n{timestamp}\n{access}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// A request built by hand: request line, headers, optional body.
pub struct Req {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Req {
    pub fn get(target: &str) -> Self {
        Req {
            method: "GET".into(),
            target: target.into(),
            headers: vec![("Host".into(), "127.0.0.1".into())],
            body: vec![],
        }
    }

    /// Signed with the gateway's keys, now.
    pub fn signed_get(target: &str) -> Self {
        Self::get(target).signed_with(ACCESS, SECRET, now_ms())
    }

    pub fn signed_with(self, access: &str, secret: &str, timestamp: i64) -> Self {
        let timestamp = timestamp.to_string();
        let signature = sign(&self.method, &self.target, &timestamp, access, secret);
        self.header("x-ncp-apigw-timestamp", &timestamp)
            .header("x-ncp-iam-access-key", access)
            .header("x-ncp-apigw-signature-v2", &signature)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    pub fn bytes(&self, close: bool) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (name, value) in &self.headers {
            out += &format!("{name}: {value}\r\n");
        }
        if !self.body.is_empty() {
            out += &format!("Content-Length: {}\r\n", self.body.len());
        }
        if close {
            out += "Connection: close\r\n";
        }
        out += "\r\n";
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.text()).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    /// Asserts a gateway error envelope: JSON, errorCode as a string.
    pub fn assert_gateway_error(&self, status: u16, code: &str, message: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), Some("application/json;charset=UTF-8"));
        let json = self.json();
        assert_eq!(json["error"]["errorCode"], serde_json::json!(code), "{json}");
        assert_eq!(json["error"]["message"], serde_json::json!(message), "{json}");
        assert!(json["error"]["details"].is_string(), "{json}");
    }

    /// Asserts a service error envelope in `format`; returns its returnCode.
    pub fn assert_service_error(&self, status: u16, format: Format) -> String {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), Some(format.content_type()));
        match format {
            Format::Json => {
                let error = &self.json()["responseError"];
                assert!(error["returnMessage"].is_string(), "{error}");
                error["returnCode"].as_str().unwrap().to_owned()
            }
            Format::Xml => {
                let text = self.text();
                assert!(text.starts_with("<responseError><returnCode>"), "{text}");
                assert!(text.ends_with("</returnMessage></responseError>"), "{text}");
                let code = text
                    .split("<returnCode>")
                    .nth(1)
                    .unwrap()
                    .split("</returnCode>")
                    .next()
                    .unwrap();
                code.to_owned()
            }
        }
    }
}

/// Reads a response head; `Ok(None)` when the connection closed before a byte arrived.
pub async fn read_head<R: AsyncBufRead + Unpin>(reader: &mut R) -> io::Result<Option<(u16, Vec<(String, String)>)>> {
    let mut head = Vec::new();
    loop {
        let n = reader.read_until(b'\n', &mut head).await?;
        if n == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed inside the head",
                ))
            };
        }
        if head.ends_with(b"\r\n\r\n") {
            break;
        }
        assert!(head.len() < 64 * 1024, "response head too long");
    }
    let head = String::from_utf8(head).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(parts.next(), Some("HTTP/1.1"), "{status_line}");
    let status = parts.next().unwrap().parse().unwrap();
    let headers = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (name, value) = l.split_once(':').unwrap();
            (name.trim().to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    Ok(Some((status, headers)))
}

/// Reads a body framed by Content-Length, chunked encoding or the end of the connection,
/// handing each piece to `sink` (so huge bodies need not be kept).
pub async fn read_body<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    headers: &[(String, String)],
    mut sink: impl FnMut(&[u8]),
) -> io::Result<()> {
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let mut buf = vec![0u8; 64 * 1024];
    let mut copy = async |reader: &mut R, mut left: Option<u64>, sink: &mut dyn FnMut(&[u8])| -> io::Result<()> {
        while left != Some(0) {
            let want = left.map_or(buf.len(), |l| l.min(buf.len() as u64) as usize);
            let n = reader.read(&mut buf[..want]).await?;
            if n == 0 {
                return match left {
                    None => Ok(()),
                    Some(_) => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "body cut short")),
                };
            }
            sink(&buf[..n]);
            left = left.map(|l| l - n as u64);
        }
        Ok(())
    };
    if header("transfer-encoding") == Some("chunked") {
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await?;
            let size = u64::from_str_radix(line.trim_end(), 16).unwrap_or_else(|_| panic!("chunk size {line:?}"));
            copy(reader, Some(size), &mut sink).await?;
            let mut crlf = String::new();
            reader.read_line(&mut crlf).await?;
            assert_eq!(crlf, "\r\n");
            if size == 0 {
                return Ok(());
            }
        }
    }
    let length = header("content-length").map(|l| l.parse().unwrap());
    copy(reader, length, &mut sink).await
}

pub async fn read_response<R: AsyncBufRead + Unpin>(reader: &mut R) -> io::Result<Resp> {
    let (status, headers) = read_head(reader)
        .await?
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "no response"))?;
    let mut body = Vec::new();
    read_body(reader, &headers, |piece| body.extend_from_slice(piece)).await?;
    Ok(Resp { status, headers, body })
}

/// One request on a new connection (`Connection: close`), bounded by [`LIMIT`].
pub async fn send(addr: SocketAddr, request: &Req) -> Resp {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(&request.bytes(true)).await?;
        read_response(&mut BufReader::new(stream)).await
    };
    timeout(LIMIT, exchange)
        .await
        .expect("the gateway answers in time")
        .unwrap()
}

pub fn target(path: &str, query: &str) -> String {
    format!("{path}?{query}")
}

impl Req {
    pub fn with_target(mut self, target: &str) -> Self {
        self.target = target.into();
        self
    }
    pub fn with_method(mut self, method: &str) -> Self {
        self.method = method.into();
        self
    }
}

impl Req {
    /// A POST with an `application/x-www-form-urlencoded` body, signed over `target` (the path
    /// and any query left in the URL).
    pub fn signed_post(target: &str, body: &str) -> Self {
        Req {
            method: "POST".into(),
            body: body.as_bytes().to_vec(),
            ..Req::get(target)
        }
        .header("Content-Type", "application/x-www-form-urlencoded")
        .signed_with(ACCESS, SECRET, now_ms())
    }
}

// ---------------------------------------------------------------------------------------------
// Reading answers: just enough XML for the gateway's own, regular output, and JSON with serde.

/// Every tag of an XML document in order, the declaration left out: `a` for `<a>`, `/a` for
/// `</a>`, `a/` for `<a />`. Two documents with the same tags have the same shape.
pub fn xml_tags(text: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').map(|e| start + e).expect("tags close");
        let tag = &rest[start + 1..end];
        if !tag.starts_with('?') {
            let tag = tag.trim();
            tags.push(match tag.strip_suffix('/') {
                Some(empty) => format!("{}/", empty.trim()),
                None => tag.to_owned(),
            });
        }
        rest = &rest[end + 1..];
    }
    tags
}

/// The text of every `<element>…</element>`, in order (the gateway never nests an element in
/// one of the same name).
pub fn xml_all(text: &str, element: &str) -> Vec<String> {
    let (open, close) = (format!("<{element}>"), format!("</{element}>"));
    text.split(&open)
        .skip(1)
        .map(|part| part.split(&close).next().expect("closed").to_owned())
        .collect()
}

/// The text of the one `<element>…</element>`.
pub fn xml_one(text: &str, element: &str) -> String {
    let all = xml_all(text, element);
    assert_eq!(all.len(), 1, "<{element}> in {text}");
    all.into_iter().next().unwrap()
}

/// The shape of a JSON value: objects keep their keys, arrays their first item, leaves become
/// their type's name.
pub fn json_shape(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), json_shape(v))).collect()),
        Value::Array(items) => Value::Array(items.first().map(json_shape).into_iter().collect()),
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => "null".into(),
    }
}
