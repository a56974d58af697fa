//! Success bodies built from the store, in the shapes of the real payloads: XML with a
//! declaration and list wrappers (`<xxxList><item>…`), or JSON with one envelope key; both from
//! the same list of fields, so the two formats always hold the same values.

use super::action::Format;
use super::snapshot::{BlockStorageSnapshot, NasVolumeSnapshot, SnapshotType};

/// One field value of an item.
enum Value<'a> {
    Text(&'a str),
    Number(i64),
    Bool(bool),
    /// A code object `{code, codeName}`.
    Code(&'a str, &'a str),
}

/// The common fields and the list of a response.
pub(crate) struct Envelope<'a> {
    /// The action name plus `Response`, e.g. `getBlockStorageSnapshotInstanceListResponse`.
    pub root: &'a str,
    pub request_id: &'a str,
    pub total_rows: usize,
    /// E.g. `blockStorageSnapshotInstanceList`.
    pub list: &'a str,
    /// The XML element of one item, e.g. `blockStorageSnapshotInstance`.
    pub item: &'a str,
}

pub(crate) fn block_storage_snapshots(
    format: Format,
    envelope: &Envelope<'_>,
    items: &[BlockStorageSnapshot],
) -> String {
    let items: Vec<_> = items.iter().map(BlockItem::new).collect();
    let fields: Vec<Vec<(&str, Value<'_>)>> = items.iter().map(BlockItem::fields).collect();
    render(format, envelope, &fields)
}

pub(crate) fn nas_volume_snapshots(format: Format, envelope: &Envelope<'_>, items: &[NasVolumeSnapshot]) -> String {
    let fields: Vec<Vec<(&str, Value<'_>)>> = items
        .iter()
        .map(|s| {
            vec![
                ("nasVolumeSnapshotName", Value::Text(&s.name)),
                ("createDate", Value::Text(&s.create_date)),
                ("snapshotSize", Value::Number(s.snapshot_size)),
                ("isBusy", Value::Bool(s.is_busy())),
            ]
        })
        .collect();
    render(format, envelope, &fields)
}

/// A block storage snapshot with its numbers as text, ready to be borrowed as fields.
struct BlockItem<'a> {
    snapshot: &'a BlockStorageSnapshot,
    instance_no: String,
    base: String,
}

impl<'a> BlockItem<'a> {
    fn new(snapshot: &'a BlockStorageSnapshot) -> Self {
        Self {
            snapshot,
            instance_no: snapshot.instance_no.to_string(),
            base: snapshot
                .base_snapshot_instance_no
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
    }

    /// In the order of the captured payload.
    fn fields(&self) -> Vec<(&'static str, Value<'_>)> {
        let s = self.snapshot;
        let (status, status_name) = s.state.status();
        let (operation, operation_name) = s.state.operation();
        let snapshot_type = match s.snapshot_type {
            SnapshotType::Full => Value::Code("FULL", "Full Storage Snapshot"),
            SnapshotType::Incremental => Value::Code("INCREMENTAL", "Incremental Storage Snapshot"),
        };
        let mut fields = vec![
            ("blockStorageSnapshotInstanceNo", Value::Text(&self.instance_no)),
            ("blockStorageSnapshotName", Value::Text(&s.name)),
            ("blockStorageSnapshotVolumeSize", Value::Number(s.volume_size)),
            (
                "originalBlockStorageInstanceNo",
                Value::Text(&s.original_block_storage_instance_no),
            ),
            ("blockStorageSnapshotInstanceStatus", Value::Code(status, status_name)),
            (
                "blockStorageSnapshotInstanceOperation",
                Value::Code(operation, operation_name),
            ),
            (
                "blockStorageSnapshotInstanceStatusName",
                Value::Text(s.state.status_name()),
            ),
            ("createDate", Value::Text(&s.create_date)),
            (
                "isEncryptedOriginalBlockStorageVolume",
                Value::Bool(s.is_encrypted_original_block_storage_volume),
            ),
            ("blockStorageSnapshotDescription", Value::Text(&s.description)),
            ("snapshotType", snapshot_type),
            ("baseSnapshotInstanceNo", Value::Text(&self.base)),
            ("snapshotChainDepth", Value::Number(i64::from(s.snapshot_chain_depth))),
            ("isBootable", Value::Bool(s.is_bootable)),
            ("hypervisorType", Value::Code(&s.hypervisor_type, &s.hypervisor_type)),
        ];
        if let Some(volume_type) = &s.block_storage_volume_type {
            let name = match volume_type.as_str() {
                "CB1" => "Common BlockStorage 1",
                other => other,
            };
            fields.push(("blockStorageVolumeType", Value::Code(volume_type, name)));
        }
        fields
    }
}

fn render(format: Format, envelope: &Envelope<'_>, items: &[Vec<(&str, Value<'_>)>]) -> String {
    match format {
        Format::Xml => xml(envelope, items),
        Format::Json => json(envelope, items),
    }
}

fn xml(envelope: &Envelope<'_>, items: &[Vec<(&str, Value<'_>)>]) -> String {
    let mut out = String::with_capacity(400 + items.len() * 1200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<{}>\n", envelope.root));
    out.push_str(&format!(
        "  <requestId>{}</requestId>\n",
        xml_escape(envelope.request_id)
    ));
    out.push_str("  <returnCode>0</returnCode>\n  <returnMessage>success</returnMessage>\n");
    out.push_str(&format!("  <totalRows>{}</totalRows>\n", envelope.total_rows));
    if items.is_empty() {
        out.push_str(&format!("  <{} />\n", envelope.list));
    } else {
        out.push_str(&format!("  <{}>\n", envelope.list));
        for fields in items {
            out.push_str(&format!("    <{}>\n", envelope.item));
            for (name, value) in fields {
                let text = match value {
                    Value::Text(text) => xml_escape(text),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Code(code, code_name) => {
                        out.push_str(&format!(
                            "      <{name}>\n        <code>{}</code>\n        <codeName>{}</codeName>\n      </{name}>\n",
                            xml_escape(code),
                            xml_escape(code_name)
                        ));
                        continue;
                    }
                };
                out.push_str(&format!("      <{name}>{text}</{name}>\n"));
            }
            out.push_str(&format!("    </{}>\n", envelope.item));
        }
        out.push_str(&format!("  </{}>\n", envelope.list));
    }
    out.push_str(&format!("</{}>\n", envelope.root));
    out
}

fn json(envelope: &Envelope<'_>, items: &[Vec<(&str, Value<'_>)>]) -> String {
    let mut out = String::with_capacity(400 + items.len() * 1200);
    out.push_str(&format!("{{\n  \"{}\": {{\n", envelope.root));
    out.push_str(&format!(
        "    \"requestId\": \"{}\",\n",
        json_escape(envelope.request_id)
    ));
    out.push_str("    \"returnCode\": \"0\",\n    \"returnMessage\": \"success\",\n");
    out.push_str(&format!("    \"totalRows\": {},\n", envelope.total_rows));
    if items.is_empty() {
        out.push_str(&format!("    \"{}\": []\n", envelope.list));
    } else {
        out.push_str(&format!("    \"{}\": [\n", envelope.list));
        for (i, fields) in items.iter().enumerate() {
            out.push_str("      {\n");
            for (j, (name, value)) in fields.iter().enumerate() {
                let text = match value {
                    Value::Text(text) => format!("\"{}\"", json_escape(text)),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Code(code, code_name) => format!(
                        "{{\"code\": \"{}\", \"codeName\": \"{}\"}}",
                        json_escape(code),
                        json_escape(code_name)
                    ),
                };
                let comma = if j + 1 < fields.len() { "," } else { "" };
                out.push_str(&format!("        \"{name}\": {text}{comma}\n"));
            }
            out.push_str(if i + 1 < items.len() { "      },\n" } else { "      }\n" });
        }
        out.push_str("    ]\n");
    }
    out.push_str("  }\n}\n");
    out
}

pub(crate) fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry these at all, escaped or not.
            c if u32::from(c) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
