//! Invoices and credit notes (ONB-5), on both databases: every payment received is invoiced
//! once, whatever the webhook's replays; a refund gets a credit note cancelling its invoice;
//! numbers have no gap and no double even when many transactions race and some roll back; the
//! PDF carries the French legal mentions and its Factur-X XML, which the official EN 16931
//! schema accepts; and only the organisation's members download its documents.

use crate::billing::{account, answer_checkout, checkout, deliver, org_of, renew, subscriber};
use crate::both_databases;
use crate::support::{Backend, Client, TestApp, scalar};
use prospecta_server::billing::invoices::numbering;
use prospecta_shared::billing::{InvoiceKind, InvoiceRow};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch folder for one test's files, removed when dropped.
pub(crate) struct Scratch(pub PathBuf);

impl Scratch {
    pub(crate) fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("prospecta-invoices-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) fn run(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (installed by scripts/lib.sh setup): {e}"))
}

/// `xmllint --schema` against the official EN 16931 schema kept in the repository.
fn schema_check(xml: &Path) -> Result<(), String> {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/factur-x-en16931/Factur-X_EN16931.xsd");
    let out = run("xmllint", &["--noout", "--nonet", "--schema", schema, xml.to_str().unwrap()]);
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}

/// A downloaded PDF read back: its text, its XMP metadata and its attached Factur-X XML.
struct ReadBack {
    text: String,
    metadata: String,
    xml_path: PathBuf,
    xml: String,
}

fn read_back(scratch: &Scratch, name: &str, pdf: &[u8]) -> ReadBack {
    let file = scratch.0.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let file = file.to_str().unwrap();
    let text = run("pdftotext", &["-layout", file, "-"]);
    assert!(text.status.success(), "{}", String::from_utf8_lossy(&text.stderr));
    let metadata = run("pdfinfo", &["-meta", file]);
    let attachments = run("pdfdetach", &["-list", file]);
    let listed = String::from_utf8_lossy(&attachments.stdout).into_owned();
    assert!(listed.contains("1: factur-x.xml"), "{listed}");
    let xml_path = scratch.0.join(format!("{name}.xml"));
    let saved = run("pdfdetach", &["-save", "1", "-o", xml_path.to_str().unwrap(), file]);
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    ReadBack {
        text: String::from_utf8_lossy(&text.stdout).into_owned(),
        metadata: String::from_utf8_lossy(&metadata.stdout).into_owned(),
        xml: std::fs::read_to_string(&xml_path).unwrap(),
        xml_path,
    }
}

async fn download(client: &Client, doc: &InvoiceRow) -> (reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let response = client.http.get(format!("{}/app/factures/{}/pdf", client.base, doc.id)).send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

async fn syncs(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'billing.sync_payment'").await
}

async fn every_payment_received_is_invoiced_once_with_its_legal_pdf(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "ines@plomberie-garnier.fr";
    let client = subscriber(&app, email, "Plomberie Garnier").await;
    let org = org_of(&app, email).await;
    assert!(account(&client).await.invoices.is_empty());

    let url = checkout(&client, &[("offre", "croissance")]).await.expect("checkout");
    // Not paid yet: nothing to invoice.
    assert!(account(&client).await.invoices.is_empty());
    answer_checkout(&url, "paid").await;
    deliver(&app, 1).await;
    let invoices = account(&client).await.invoices;
    assert_eq!(invoices.len(), 1, "{invoices:?}");
    let first = invoices[0].clone();
    assert_eq!((first.kind, first.reference.as_str()), (InvoiceKind::Invoice, "F-000001"));
    assert_eq!((first.net_cents, first.vat_cents, first.gross_cents), (29_900, 5_980, 35_880));
    assert!(first.description.contains("Croissance"), "{}", first.description);
    assert!(first.sandbox);

    // The webhook replayed: still one invoice, and no number taken for nothing.
    for _ in 0..3 {
        crate::billing::webhook(&app, &crate::billing::payment_id(&url)).await;
    }
    app.run_jobs().await;
    assert_eq!(account(&client).await.invoices.len(), 1);
    assert_eq!(scalar(&app, "SELECT MAX(last_number) AS n FROM invoice_sequences").await, 1);

    // The next month, charged by the provider: the next number.
    let before = syncs(&app).await;
    renew(&app, org, "paid").await;
    deliver(&app, before + 1).await;
    let invoices = account(&client).await.invoices;
    let references: Vec<_> = invoices.iter().map(|i| i.reference.as_str()).collect();
    assert_eq!(references, ["F-000002", "F-000001"], "newest first");
    // A failed renewal received nothing: no invoice.
    let before = syncs(&app).await;
    renew(&app, org, "failed").await;
    deliver(&app, before + 1).await;
    assert_eq!(account(&client).await.invoices.len(), 2);

    // The PDF: the legal mentions, both parties, the amounts, the sandbox's warning.
    let (status, headers, pdf) = download(&client, &first).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(headers["content-disposition"].to_str().unwrap().contains("facture-F-000001.pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    let scratch = Scratch::new();
    let doc = read_back(&scratch, "invoice", &pdf);
    let text = doc.text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "FACTURE",
        "N° F-000001",
        "Prospecta (bac à sable)",
        "SIREN 900000001",
        "Plomberie Garnier SARL",
        "4 place Bellecour",
        "69002 Lyon",
        "SIREN 404833048",
        "TVA intracommunautaire FR",
        "299,00 €",
        "TVA 20 %",
        "59,80 €",
        "358,80 €",
        "Reste dû",
        "trois fois le taux d'intérêt légal",
        "40 €",
        "Pas d'escompte pour paiement anticipé",
        "Document simulé",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the PDF: {text}");
    }
    // PDF/A-3b, as its metadata declares (krilla refuses to write one that breaks it).
    assert!(doc.metadata.contains("pdfaid:part>3<") || doc.metadata.contains("pdfaid:part=\"3\""), "{}", doc.metadata);
    assert!(doc.metadata.contains("pdfaid:conformance>B<") || doc.metadata.contains("pdfaid:conformance=\"B\""));
    // Its Factur-X XML: the same invoice, accepted by the official schema.
    schema_check(&doc.xml_path).unwrap_or_else(|e| panic!("Factur-X refused: {e}\n{}", doc.xml));
    assert!(doc.xml.contains("<ram:ID>F-000001</ram:ID>"));
    assert!(doc.xml.contains("<ram:GrandTotalAmount>358.80</ram:GrandTotalAmount>"));
    assert!(doc.xml.contains("Plomberie Garnier SARL"));
    // The schema check is not a formality: a document missing its total is refused.
    let broken = scratch.0.join("broken.xml");
    std::fs::write(&broken, doc.xml.replace("<ram:GrandTotalAmount>358.80</ram:GrandTotalAmount>", "")).unwrap();
    assert!(schema_check(&broken).is_err());

    // Only the organisation's people download it; anyone else learns nothing.
    let outsider = subscriber(&app, "yann@menuiserie-caron.fr", "Menuiserie Caron").await;
    assert_eq!(download(&outsider, &first).await.0, reqwest::StatusCode::NOT_FOUND);
    // Signed out: sent to the login page, like any page of the client area.
    let (status, headers, body) = download(&app.client(), &first).await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);
    assert!(headers["location"].to_str().unwrap().starts_with("/connexion"), "{headers:?}");
    assert!(!body.starts_with(b"%PDF"));
    let missing = InvoiceRow { id: prospecta_shared::ids::InvoiceId(first.id.0 + 1000), ..first.clone() };
    assert_eq!(download(&client, &missing).await.0, reqwest::StatusCode::NOT_FOUND);

    // An invoice outlives its client: the organisation erased, the document stays.
    let kept_before = scalar(&app, "SELECT COUNT(*) AS n FROM invoices").await;
    crate::support::exec(&app, &format!("DELETE FROM organizations WHERE id = {org}")).await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM invoices").await, kept_before);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM invoices WHERE organization_id IS NULL").await, kept_before);
}

/// A payment paid back (a replaced choice paid anyway) gets a credit note cancelling its invoice.
async fn money_paid_back_gets_a_credit_note(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "theo@garage-fabre.fr";
    let client = subscriber(&app, email, "Garage Fabre").await;
    let first = checkout(&client, &[("offre", "essentiel")]).await.unwrap();
    let second = checkout(&client, &[("offre", "croissance")]).await.unwrap();
    answer_checkout(&first, "paid").await;
    deliver(&app, 1).await;
    answer_checkout(&second, "paid").await;
    deliver(&app, 2).await;
    app.run_jobs().await;
    let docs = account(&client).await.invoices;
    let kinds: Vec<_> = docs.iter().map(|d| (d.kind, d.reference.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (InvoiceKind::CreditNote, "AV-000001"),
            (InvoiceKind::Invoice, "F-000002"),
            (InvoiceKind::Invoice, "F-000001")
        ]
    );
    let credit = &docs[0];
    assert_eq!(credit.corrects.as_deref(), Some("F-000002"), "it cancels the refunded payment's invoice");
    assert_eq!(credit.gross_cents, docs[1].gross_cents);
    // Replayed: no second credit note.
    crate::billing::webhook(&app, &crate::billing::payment_id(&second)).await;
    app.run_jobs().await;
    assert_eq!(account(&client).await.invoices.len(), 3);

    let (status, _, pdf) = download(&client, credit).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let scratch = Scratch::new();
    let doc = read_back(&scratch, "credit", &pdf);
    let text = doc.text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("AVOIR") && text.contains("Avoir sur la facture F-000002") && text.contains("Remboursé"),
        "{text}"
    );
    schema_check(&doc.xml_path).unwrap_or_else(|e| panic!("Factur-X refused: {e}\n{}", doc.xml));
    assert!(doc.xml.contains("<ram:TypeCode>381</ram:TypeCode>"));
    assert!(doc.xml.contains("<ram:IssuerAssignedID>F-000002</ram:IssuerAssignedID>"));
}

/// Many transactions take numbers at once, one in four rolls back: the numbers kept follow each
/// other from 1 with no hole and no double (on PostgreSQL, concurrent transactions for real).
async fn invoice_numbers_have_no_gap_under_concurrency(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let db = app.db().clone();
        tasks.push(tokio::spawn(async move {
            let tx = prospecta_server::db::begin_write(&db).await.unwrap();
            let number = numbering::next(&tx, "900000001", InvoiceKind::Invoice).await.unwrap();
            // Hold the number a little, as a real invoice's transaction does.
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            if i % 4 == 0 {
                tx.rollback().await.unwrap();
                None
            } else {
                tx.commit().await.unwrap();
                Some(number)
            }
        }));
    }
    let mut kept = Vec::new();
    for task in tasks {
        kept.extend(task.await.unwrap());
    }
    kept.sort_unstable();
    assert_eq!(kept, (1..=18).collect::<Vec<i64>>());
    // Another series and another seller count on their own.
    let db = app.db();
    assert_eq!(numbering::next(db, "900000001", InvoiceKind::CreditNote).await.unwrap(), 1);
    assert_eq!(numbering::next(db, "552100554", InvoiceKind::Invoice).await.unwrap(), 1);
    assert_eq!(numbering::next(db, "900000001", InvoiceKind::Invoice).await.unwrap(), 19);
}

both_databases!(
    every_payment_received_is_invoiced_once_with_its_legal_pdf,
    money_paid_back_gets_a_credit_note,
    invoice_numbers_have_no_gap_under_concurrency,
);
