//! Change requests on a real database: a producer proposes a change of its active product, the
//! public keeps reading the approved version until an official of the product's unit approves,
//! one open request per product, a stale approval is a conflict, a refusal writes nothing.

use ocop_domain::access::Role;
use ocop_domain::change_request::{
    ChangeRequestState, DecisionInput, ProposalInput, RejectionInput, RevisionInput,
};
use ocop_domain::product::ProductInput;
use ocop_domain::units::AdminUnits;
use ocop_store::change_requests::ChangeRequestQuery;
use ocop_store::products::ProductExtras;
use ocop_store::users::NewUser;
use ocop_store::{Caller, Product, StoreError};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{producer, product, tax};

const QUANG_NINH: u32 = 22;
const BINH_LIEU: u32 = 6838;

async fn user(
    db: &TestDb,
    email: &str,
    role: Role,
    unit: Option<u32>,
    of: Option<uuid::Uuid>,
) -> Caller {
    let user = db
        .store
        .create_user(
            &ocop_store::AuditActor::system("test"),
            NewUser {
                email: email.into(),
                display_name: email.into(),
                password: "mat-khau-dai".into(),
                role,
                unit_code: unit,
                producer_id: of,
            },
        )
        .await
        .unwrap();
    Caller::User(user)
}

fn proposal(p: &Product, name: &str) -> ProposalInput {
    let mut input = ProposalInput::from_data(&p.data, Some("Đổi tên theo nhãn mới"));
    input.product.name = name.into();
    input
}

fn at(revision: u32) -> DecisionInput {
    DecisionInput {
        revision: revision.to_string(),
    }
}

fn revised(revision: u32, proposal: ProposalInput) -> RevisionInput {
    RevisionInput {
        revision: revision.to_string(),
        proposal,
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Done,
    Refused,
    Unknown,
    Conflict,
    Invalid,
}

fn outcome<T>(result: Result<T, StoreError>) -> Outcome {
    match result {
        Ok(_) => Outcome::Done,
        Err(StoreError::Denied(_)) => Outcome::Refused,
        Err(StoreError::NotFound(_)) => Outcome::Unknown,
        Err(StoreError::StateConflict(_) | StoreError::OpenChangeRequest(_)) => Outcome::Conflict,
        Err(StoreError::Invalid(_)) => Outcome::Invalid,
        Err(e) => panic!("unexpected {e}"),
    }
}

struct World {
    product: Product,
    draft: Product,
    own: Caller,
    other_producer: Caller,
    commune: Caller,
    province: Caller,
    neighbour_commune: Caller,
    other_province: Caller,
    council: Caller,
}

async fn world(db: &TestDb) -> World {
    let s = &db.store;
    let system = Caller::system("test");
    let units = AdminUnits::embedded();
    let neighbour = units
        .communes_of(QUANG_NINH)
        .map(|c| c.code)
        .find(|c| *c != BINH_LIEU)
        .unwrap();
    let here = s
        .create_producer(
            &ocop_store::AuditActor::system("test"),
            producer("HTX Đình Trung", &tax(1), BINH_LIEU),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let there = s
        .create_producer(
            &ocop_store::AuditActor::system("test"),
            producer("HTX Hoành Mô", &tax(2), neighbour),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let register = |name: &str, status: &str| {
        let input = ProductInput::from_data(&product(name, status));
        let system = system.clone();
        let id = here.id;
        async move {
            s.register_product(&system, id, &input, ProductExtras::default())
                .await
                .unwrap()
        }
    };
    World {
        product: register("Miến dong Bình Liêu", "active").await,
        draft: register("Rượu mơ", "draft").await,
        own: user(db, "htx@example.vn", Role::Producer, None, Some(here.id)).await,
        other_producer: user(db, "khac@example.vn", Role::Producer, None, Some(there.id)).await,
        commune: user(db, "xa@example.vn", Role::Commune, Some(BINH_LIEU), None).await,
        province: user(
            db,
            "tinh@example.vn",
            Role::Provincial,
            Some(QUANG_NINH),
            None,
        )
        .await,
        neighbour_commune: user(db, "xa2@example.vn", Role::Commune, Some(neighbour), None).await,
        other_province: user(db, "hn@example.vn", Role::Provincial, Some(1), None).await,
        council: user(
            db,
            "hd@example.vn",
            Role::CouncilMember,
            Some(QUANG_NINH),
            None,
        )
        .await,
    }
}

on_both_backends!(a_change_is_public_only_once_approved);
async fn a_change_is_public_only_once_approved(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let old_name = w.product.data.name.clone();
    let request = s
        .propose_product_change(
            &w.own,
            w.product.id,
            &proposal(&w.product, "Miến dong Bình Liêu loại đặc biệt"),
        )
        .await
        .unwrap();
    assert_eq!(request.state, ChangeRequestState::Open);
    assert_eq!(request.revision, 1);
    let changes = request.changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].field, "name");
    assert_eq!(changes[0].before.as_deref(), Some(old_name.as_str()));

    // The public, and even its producer, read the approved version until approval.
    for caller in [&Caller::Anonymous, &w.own] {
        let seen = s.visible_product(caller, w.product.id).await.unwrap();
        assert_eq!(seen.data.name, old_name);
    }

    // Reading the request: its producer and the officials of its unit; anyone else, unknown.
    use Outcome::*;
    for (caller, expected) in [
        (&w.own, Done),
        (&w.commune, Done),
        (&w.province, Done),
        (&w.other_producer, Unknown),
        (&w.neighbour_commune, Unknown),
        (&w.other_province, Unknown),
        (&w.council, Unknown),
        (&Caller::Anonymous, Unknown),
    ] {
        assert_eq!(
            outcome(s.visible_change_request(caller, request.id).await),
            expected,
            "{caller:?}"
        );
    }

    let audit_before = s.verify_audit_chain().await.unwrap();
    // Refusals and conflicts, each writing nothing.
    assert_eq!(
        outcome(
            s.propose_product_change(&w.own, w.product.id, &proposal(&w.product, "Tên khác"))
                .await
        ),
        Conflict,
        "one open request per product"
    );
    match s
        .propose_product_change(&w.own, w.product.id, &proposal(&w.product, "Tên khác"))
        .await
    {
        Err(StoreError::OpenChangeRequest(id)) => assert_eq!(id, request.id, "names the open one"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        outcome(
            s.propose_product_change(&w.own, w.draft.id, &proposal(&w.draft, "Rượu mơ Yên Tử"))
                .await
        ),
        Conflict,
        "a draft is edited directly, not through a request"
    );
    assert_eq!(
        outcome(
            s.propose_product_change(&w.commune, w.product.id, &proposal(&w.product, "X"))
                .await
        ),
        Refused,
        "officials change a product directly"
    );
    assert_eq!(
        outcome(
            s.propose_product_change(&w.other_producer, w.product.id, &proposal(&w.product, "X"))
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(s.approve_change_request(&w.own, request.id, &at(1)).await),
        Refused
    );
    assert_eq!(
        outcome(
            s.approve_change_request(&w.neighbour_commune, request.id, &at(1))
                .await
        ),
        Unknown
    );
    assert_eq!(
        outcome(
            s.approve_change_request(&w.other_province, request.id, &at(1))
                .await
        ),
        Unknown
    );
    assert_eq!(
        outcome(
            s.withdraw_change_request(&w.commune, request.id, &at(1))
                .await
        ),
        Refused
    );
    assert_eq!(
        outcome(
            s.reject_change_request(
                &w.commune,
                request.id,
                &RejectionInput {
                    revision: "1".into(),
                    reason: " ".into()
                }
            )
            .await
        ),
        Invalid,
        "a rejection says why"
    );
    assert_eq!(
        outcome(
            s.approve_change_request(&w.commune, request.id, &at(0))
                .await
        ),
        Invalid
    );
    let mut blank = proposal(&w.product, "");
    blank.product.gtin = "123".into();
    assert_eq!(
        outcome(
            s.revise_change_request(&w.own, request.id, &revised(1, blank))
                .await
        ),
        Invalid
    );
    assert_eq!(
        s.verify_audit_chain().await.unwrap(),
        audit_before,
        "nothing was written"
    );
    assert_eq!(s.change_request(request.id).await.unwrap(), request);

    // The producer revises; an approval of the revision seen before is stale.
    let request = s
        .revise_change_request(
            &w.own,
            request.id,
            &revised(1, proposal(&w.product, "Miến dong Bình Liêu thượng hạng")),
        )
        .await
        .unwrap();
    assert_eq!(request.revision, 2);
    let audit_before = s.verify_audit_chain().await.unwrap();
    match s
        .approve_change_request(&w.commune, request.id, &at(1))
        .await
    {
        Err(StoreError::StateConflict(message)) => {
            assert!(message.contains("phiên bản 2"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.verify_audit_chain().await.unwrap(), audit_before);

    // An official changes the product directly meanwhile: approving the request now would
    // undo that change unseen, so it is a conflict until the producer revises onto it.
    let mut direct = ProductInput::from_data(&w.product.data);
    direct.packaging = "Túi 500 g".into();
    let changed = s
        .change_product(&w.province, w.product.id, &direct)
        .await
        .unwrap();
    match s
        .approve_change_request(&w.commune, request.id, &at(2))
        .await
    {
        Err(StoreError::StateConflict(message)) => {
            assert!(message.contains("Sản phẩm đã thay đổi"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        s.product(w.product.id).await.unwrap(),
        changed,
        "nothing applied"
    );
    assert_eq!(
        s.change_request(request.id).await.unwrap().state,
        ChangeRequestState::Open
    );

    let request = s
        .revise_change_request(
            &w.own,
            request.id,
            &revised(2, proposal(&changed, "Miến dong Bình Liêu thượng hạng")),
        )
        .await
        .unwrap();
    assert_eq!(
        request.base, changed.data,
        "rebased on the product as it is"
    );
    let (approved, product) = s
        .approve_change_request(&w.commune, request.id, &at(3))
        .await
        .unwrap();
    assert_eq!(approved.state, ChangeRequestState::Approved);
    assert_eq!(approved.revision, 4);
    assert_eq!(product.data.name, "Miến dong Bình Liêu thượng hạng");
    assert_eq!(
        product.data.packaging.as_deref(),
        Some("Túi 500 g"),
        "the direct change stays"
    );
    let public = s
        .visible_product(&Caller::Anonymous, w.product.id)
        .await
        .unwrap();
    assert_eq!(public.data.name, "Miến dong Bình Liêu thượng hạng");
    // The catalogue finds it by its new name.
    let found = s
        .search_products(
            ocop_domain::access::Scope::PublicOnly,
            &ocop_store::CatalogQuery {
                text: Some("thuong hang".into()),
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.items.first().map(|p| p.id), Some(w.product.id));

    // Closed: nothing more happens to it.
    assert_eq!(
        outcome(
            s.approve_change_request(&w.province, request.id, &at(4))
                .await
        ),
        Conflict
    );
    assert_eq!(
        outcome(s.withdraw_change_request(&w.own, request.id, &at(4)).await),
        Conflict
    );

    let actions: Vec<String> = s
        .audit_of("change_request", request.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["propose", "revise", "revise", "approve"]);
    let product_audit = s.audit_of("product", w.product.id).await.unwrap();
    let last = product_audit.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor_label.as_str()),
        ("update", "xa@example.vn <xa@example.vn>")
    );
    s.verify_audit_chain().await.unwrap();
}

on_both_backends!(rejected_and_withdrawn_requests_change_nothing);
async fn rejected_and_withdrawn_requests_change_nothing(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let first = s
        .propose_product_change(&w.own, w.product.id, &proposal(&w.product, "Tên đề nghị 1"))
        .await
        .unwrap();
    let rejected = s
        .reject_change_request(
            &w.province,
            first.id,
            &RejectionInput {
                revision: "1".into(),
                reason: "Tên mới chưa khớp với nhãn đã đăng ký".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(rejected.state, ChangeRequestState::Rejected);
    assert_eq!(
        rejected.reason.as_deref(),
        Some("Tên mới chưa khớp với nhãn đã đăng ký")
    );
    assert_eq!(
        rejected.decided_by_label.as_deref(),
        Some("tinh@example.vn <tinh@example.vn>")
    );
    // A closed request leaves the product free for the next one.
    let second = s
        .propose_product_change(&w.own, w.product.id, &proposal(&w.product, "Tên đề nghị 2"))
        .await
        .unwrap();
    let withdrawn = s
        .withdraw_change_request(&w.own, second.id, &at(1))
        .await
        .unwrap();
    assert_eq!(withdrawn.state, ChangeRequestState::Withdrawn);
    assert_eq!(
        s.product(w.product.id).await.unwrap(),
        w.product,
        "unchanged"
    );

    // Lists: the scope's requests only, filtered by state.
    let query = |state| ChangeRequestQuery {
        state,
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    let (items, total) = s.change_requests(&w.commune, &query(None)).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(items[0].request.id, second.id, "newest first");
    assert_eq!(items[0].product_name, "Miến dong Bình Liêu");
    assert_eq!(items[0].producer_name, "HTX Đình Trung");
    let (_, rejected_only) = s
        .change_requests(&w.province, &query(Some(ChangeRequestState::Rejected)))
        .await
        .unwrap();
    assert_eq!(rejected_only, 1);
    let (_, own) = s.change_requests(&w.own, &query(None)).await.unwrap();
    assert_eq!(own, 2);
    for outsider in [&w.neighbour_commune, &w.other_province, &w.other_producer] {
        let (_, seen) = s.change_requests(outsider, &query(None)).await.unwrap();
        assert_eq!(seen, 0, "{outsider:?}");
    }
    assert_eq!(
        outcome(s.change_requests(&w.council, &query(None)).await),
        Outcome::Refused
    );
    let (_, all) = s
        .change_requests(
            &Caller::system("cli"),
            &ChangeRequestQuery {
                commune: Some(BINH_LIEU),
                ..query(None)
            },
        )
        .await
        .unwrap();
    assert_eq!(all, 2);
}

on_both_backends!(two_officials_approving_at_once_never_both_apply);
async fn two_officials_approving_at_once_never_both_apply(db: &TestDb) {
    let s = &db.store;
    let w = world(db).await;
    let request = s
        .propose_product_change(&w.own, w.product.id, &proposal(&w.product, "Miến dong mới"))
        .await
        .unwrap();
    let audit_before = s.verify_audit_chain().await.unwrap();
    let seen = at(1);
    let (a, b) = tokio::join!(
        s.approve_change_request(&w.commune, request.id, &seen),
        s.approve_change_request(&w.province, request.id, &seen),
    );
    let outcomes = [outcome(a), outcome(b)];
    assert!(
        outcomes.contains(&Outcome::Done) && outcomes.contains(&Outcome::Conflict),
        "{outcomes:?}"
    );
    // One approval: the request's row and the product's update, each audited once.
    assert_eq!(s.verify_audit_chain().await.unwrap(), audit_before + 2);
    assert_eq!(
        s.product(w.product.id).await.unwrap().data.name,
        "Miến dong mới"
    );
}
