"""Events and roles in Arabic sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from tests.extract.helpers import events, mediators, name, names, run, venues


def test_mediation_by_nisba_with_parties_between(extractor):
    text = "تجري المحادثات بين السودان وكينيا بوساطة قطرية مصرية في الدوحة."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Qatar", "Egypt"}
    med = events(ex, "Mediation")[0]
    assert set(names(ex, med.parties)) == {"Sudan", "Kenya"}
    assert med.cameo == "045" and med.plover == "MEDIATE"


def test_mediators_as_subject_of_mediation_effort(extractor):
    text = "وأفادت مصادر بأن تركيا ومصر وقطر تشارك في جهود وساطة لتنظيم اجتماع بين واشنطن وطهران في أنقرة."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Turkey", "Egypt", "Qatar"}
    med = events(ex, "Mediation")[0]
    # capitals stand for their states in roles
    assert set(names(ex, med.parties)) == {"United States", "Iran"}
    assert "Ankara" in venues(ex)


def test_envoy_of_the_white_house(extractor):
    text = "التقى مبعوث البيت الأبيض جون ماركلي مسؤولين إيرانيين في الدوحة."
    ex = run(extractor, text, "ar")
    assert len(ex.envoys) >= 1
    envoy = ex.envoys[0]
    assert name(ex, envoy.envoy) == "جون ماركلي"
    principals = {name(ex, r.principal) for r in ex.envoys}
    assert "White House" in principals


def test_special_representative_of_the_secretary_general_serves_the_un(extractor):
    text = "بحثت الممثلة الخاصة للأمين العام، رئيسة بعثة الأمم المتحدة، سلمى راغب الأوضاع في الخرطوم."
    ex = run(extractor, text, "ar")
    assert [name(ex, r.principal) for r in ex.envoys] == ["United Nations"]


def test_ambassador_is_not_an_envoy(extractor):
    ex = run(extractor, "التقى السفير المصري حازم فؤاد وزير الخارجية القطري في الدوحة.", "ar")
    assert ex.envoys == []


def test_building_and_city_are_both_venues(extractor):
    text = 'عقد الوفدان المصري والإيراني اجتماعا في "البيت الأبيض" بمدينة واشنطن.'
    ex = run(extractor, text, "ar")
    assert {"White House", "Washington"} <= venues(ex)
    assert "United States" not in venues(ex)


def test_delegations_make_their_states_participants(extractor):
    ex = run(extractor, "بدأ الوفدان التركي والسوداني مباحثاتهما في أنقرة.", "ar")
    meeting = next(e for e in ex.events if e.venues)
    assert {"Turkey", "Sudan"} <= names(ex, meeting.participants)
    assert meeting.kind == "Negotiation"


def test_place_of_origin_and_rejected_place_are_not_venues(extractor):
    text = "وصل الوفد القطري إلى أنقرة قادما من الدوحة، واختيرت أنقرة بدلا من القاهرة."
    ex = run(extractor, text, "ar")
    assert venues(ex) == {"Ankara"}


def test_planned_meeting_status(extractor):
    ex = run(extractor, "لقاء مرتقب بين وفدي البلدين في أنقرة الأسبوع المقبل.", "ar")
    assert events(ex)[0].status in ("planned", "proposed")
    assert events(ex, "Meeting")[0].cameo == "036"


def test_held_meeting_and_weekday_date(extractor):
    # the article is dated Wednesday 2026-03-04; الأحد is the Sunday before
    ex = run(extractor, "التقى وزير الخارجية المصري نظيره القطري في القاهرة الأحد.", "ar")
    meeting = next(e for e in ex.events if e.venues)
    assert meeting.status == "held"
    assert meeting.date == dt.date(2026, 3, 1)


def test_two_sides_resolve_to_the_named_parties(extractor):
    text = "تستضيف أوسلو محادثات بين السودان وكينيا. وقال مسؤول إن الطرفين سيلتقيان في أوسلو مجددا."
    ex = run(extractor, text, "ar")
    later = [e for e in ex.events if e.evidence.start > 0 and e.venues]
    assert later
    assert {"Sudan", "Kenya"} <= names(ex, later[0].participants)


def test_generic_mediators_take_the_article_mediators(extractor):
    text = "تتواصل الوساطة المصرية بين السودان وكينيا. وقال مسؤول إن الوسطاء قدموا مقترحا جديدا."
    ex = run(extractor, text, "ar")
    meds = events(ex, "Mediation")
    assert len(meds) == 2
    assert all(names(ex, m.mediators) == {"Egypt"} for m in meds)


def test_evidence_offsets_point_at_the_sentence(extractor):
    text = "مقدمة قصيرة.\n\nوصل الوفد المصري إلى أنقرة لإجراء محادثات."
    ex = run(extractor, text, "ar")
    ev = next(e for e in ex.events if e.venues).evidence
    assert text[ev.start : ev.end] == ev.sentence
    assert ev.sentence.startswith("وصل")


def test_verb_first_mediator(extractor):
    ex = run(extractor, "وتتوسط النرويج بين السودان وكينيا في محادثات تعقد في أوسلو.", "ar")
    assert mediators(ex) == {"Norway"}
    assert names(ex, events(ex, "Mediation")[0].parties) == {"Sudan", "Kenya"}
    assert "Oslo" in venues(ex)


def test_joint_auspices(extractor):
    text = "استأنف وفدا السودان وكينيا محادثاتهما في مدينة جنيف برعاية مشتركة من قطر ومصر."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Qatar", "Egypt"}
    assert "Geneva" in venues(ex)


def test_host_city_after_the_verb_is_the_venue(extractor):
    ex = run(extractor, "استضافت العاصمة النرويجية أوسلو جولة جديدة من المفاوضات بين السودان وكينيا.", "ar")
    assert venues(ex) == {"Oslo"}


def test_visited_place_without_preposition(extractor):
    ex = run(extractor, "وكان المبعوث قد زار الدوحة الأسبوع الماضي حيث التقى مسؤولين قطريين.", "ar")
    assert "Doha" in venues(ex)


def test_phone_call_is_not_a_meeting(extractor):
    ex = run(extractor, "أجرى وزير الخارجية المصري اتصالا هاتفيا مع نظيره القطري بحثا خلاله الأوضاع.", "ar")
    assert [e for e in ex.events if e.kind in ("Meeting", "Negotiation")] == []


def test_unknown_place_after_descriptor(extractor):
    ex = run(extractor, "التقى الوفدان المصري والقطري في مدينة العلمين الجديدة.", "ar")
    assert any("العلمين" in v for v in venues(ex))


def test_common_word_is_not_a_one_word_organisation(extractor, gazetteer):
    from kg.extract import Extractor
    from kg.link.gazetteer import GazetteerEntry

    gaz = type(gazetteer)(list(gazetteer))
    gaz.add(
        GazetteerEntry(
            id="x:test-fath",
            type="ORG",
            subtype="Group",
            popularity=0.5,
            labels={"ar": "حركة فتح", "en": "Fath Movement"},
            aliases={"ar": ["فتح"]},
        )
    )
    ex2 = Extractor(gazetteer=gaz)
    plain = run(ex2, "قرر الجانبان فتح ممرات آمنة في الخرطوم.", "ar")
    assert "x:test-fath" not in plain.entities
    named = run(ex2, "رحبت حركة فتح بالمبادرة وقالت إن فتح تدعم الحوار.", "ar")
    assert "x:test-fath" in named.entities


def test_speaker_with_a_long_title_is_not_a_participant(extractor):
    text = "وقال المتحدث باسم الخارجية القطرية سالم المري إن الاجتماع سيعقد في الدوحة بين السودان وكينيا."
    ex = run(extractor, text, "ar")
    meeting = next(e for e in ex.events if e.venues)
    assert "سالم المري" not in names(ex, meeting.participants)
    assert {"Sudan", "Kenya"} <= names(ex, meeting.participants)
    assert meeting.status == "planned"


def test_unnamed_capital_is_the_country_capital(extractor):
    ex = run(extractor, "عقد الوسطاء اجتماعا مع الوفد السوداني في العاصمة المصرية.", "ar")
    assert venues(ex) == {"Cairo"}


def test_next_week_resolves_to_the_next_monday(extractor):
    # the article is dated Wednesday 2026-03-04
    ex = run(extractor, "سيلتقي الوفدان السوداني والكيني في نيروبي الأسبوع المقبل.", "ar")
    meeting = next(e for e in ex.events if e.venues)
    assert meeting.status == "planned"
    assert meeting.date == dt.date(2026, 3, 9)


def test_nationalities_of_a_meeting_noun_take_part(extractor):
    ex = run(extractor, "وأكد مسؤول احتمال عقد اجتماع سوداني–كيني هذا الأسبوع في نيروبي.", "ar")
    meeting = next(e for e in ex.events if e.venues)
    assert names(ex, meeting.participants) == {"Sudan", "Kenya"}


def test_envoy_title_later_in_a_title_chain(extractor):
    text = "استقبل وزير الخارجية الكيني نائب وزير الخارجية النرويجي المبعوث الخاص للحكومة النرويجية إلى السودان كارل هامسون في نيروبي."
    ex = run(extractor, text, "ar")
    assert [(name(ex, r.envoy), name(ex, r.principal)) for r in ex.envoys] == [("كارل هامسون", "Norway")]


def test_place_after_a_counterpart_is_a_venue_not_a_name(extractor):
    ex = run(
        extractor, "أجرى وزير الخارجية الكيني مباحثات مع نظيره السوداني في الخرطوم تناولت أمن الحدود.", "ar"
    )
    assert venues(ex) == {"Khartoum"}
    assert [e for e in ex.entities.values() if e.type == "PER"] == []


def test_country_after_a_city_locates_it(extractor):
    ex = run(extractor, "وعقد الاجتماع في مدينة الخرطوم السودانية بحضور ممثلين عن كينيا.", "ar")
    meeting = next(e for e in ex.events if e.venues)
    assert venues(ex) == {"Khartoum"}
    assert names(ex, meeting.participants) == {"Kenya"}


def test_possessive_suffix_on_mediation_noun_points_to_the_announcing_state(extractor):
    text = "أعلنت تركيا أنها ستستضيف في أنقرة اجتماعا بين السودان وكينيا، في إطار وساطتها بين البلدين."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Turkey"}
    med = events(ex, "Mediation")[0]
    assert set(names(ex, med.parties)) == {"Sudan", "Kenya"}


def test_possessive_mediation_noun_with_attached_preposition_is_a_trigger(extractor):
    text = "وقالت مصر إن الاتفاق بين السودان وكينيا تم بوساطتها."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Egypt"}


def test_welcoming_someone_elses_mediation_does_not_make_a_mediator(extractor):
    text = "وقال إن السودان وكينيا يرحبان بوساطتها بين الطرفين."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == set()


def test_coordinated_hosts_are_both_mediators(extractor):
    text = "استضافت مصر وتركيا في الدوحة محادثات بين السودان وكينيا."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Egypt", "Turkey"}


def test_two_sides_after_a_meeting_of_two_people_are_those_people(extractor):
    text = (
        "تستمر الوساطة بين السودان وكينيا. والتقى وزير الخارجية سليم الراشدي في أنقرة وزير الدفاع خالد العمري، "
        "وبحث الجانبان سبل دعم جهود الوساطة."
    )
    ex = run(extractor, text, "ar")
    meets = [e for e in events(ex) if e.kind == "Meeting"]
    assert meets
    assert "Sudan" not in names(ex, meets[0].participants)
    assert mediators(ex) == set()


def test_denied_mediation_has_no_mediator(extractor):
    ex = run(extractor, "نفت قطر، اليوم الأربعاء، أن تكون تقوم بأي وساطة بين السودان وكينيا.", "ar")
    assert mediators(ex) == set()
    ex = run(extractor, "مصر تنفي التوسط بين السودان وكينيا", "ar")
    assert mediators(ex) == set()


def test_still_ongoing_mediation_is_not_negated(extractor):
    ex = run(extractor, "لا تزال الوساطة القطرية بين السودان وكينيا مستمرة.", "ar")
    assert mediators(ex) == {"Qatar"}


def test_subject_carries_to_a_second_meeting_with_its_own_place(extractor):
    text = (
        "ومن المقرر أن يتوجه وزير الخارجية سليم الراشدي إلى أنقرة للقاء الرئيس خالد العمري، "
        "قبل أن يعقد اجتماعا في القاهرة مع رئيس الوزراء ماجد الكردي."
    )
    ex = run(extractor, text, "ar")
    by_venue = {names(ex, e.venues).pop(): names(ex, e.participants) for e in ex.events if e.venues}
    assert {"سليم الراشدي", "خالد العمري"} <= by_venue["Ankara"]
    assert "ماجد الكردي" not in by_venue["Ankara"]
    assert {"سليم الراشدي", "ماجد الكردي"} <= by_venue["Cairo"]
    assert "خالد العمري" not in by_venue["Cairo"]


def test_efforts_with_possessive_suffix_to_bridge_views_make_their_owner_a_mediator(extractor):
    text = (
        "أعلنت مصر أن الجولة المقبلة من المحادثات بين السودان وكينيا ستعقد في القاهرة، "
        "مؤكدة استمرار جهودها لتقريب وجهات النظر بين البلدين."
    )
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Egypt"}
    med = events(ex, "Mediation")[0]
    assert set(names(ex, med.parties)) == {"Sudan", "Kenya"}


def test_bridging_positions_is_a_mediation_phrase(extractor):
    ex = run(extractor, "وقالت مصادر إن الوسطاء القطريين يسعون إلى تقريب المواقف بين السودان وكينيا.", "ar")
    assert mediators(ex) == {"Qatar"}


def test_the_movement_refers_back_to_the_named_movement(extractor):
    text = "وصل وفد من جبهة تحرير السودان إلى القاهرة. وقالت مصادر إن الوسطاء القطريين يسعون إلى تقريب المواقف بين الجبهة وكينيا."
    ex = run(extractor, text, "ar")
    med = events(ex, "Mediation")[0]
    assert set(names(ex, med.parties)) == {"Sudan Liberation Front", "Kenya"}


def test_dual_phone_calls_are_remote(extractor):
    text = "وقال وزير الخارجية سليم الراشدي في أنقرة إنه أجرى اتصالين هاتفيين مع نظيره الكيني خالد العمري."
    ex = run(extractor, text, "ar")
    assert "Ankara" not in venues(ex)


def test_attending_the_signing_ceremony_places_people_at_the_signing(extractor):
    text = (
        "وقعت حكومة السودان وجبهة تحرير السودان، السبت، اتفاقا في الدوحة برعاية قطر.\n\n"
        "وحضر مراسم التوقيع وزير الخارجية سليم الراشدي."
    )
    ex = run(extractor, text, "ar")
    doha = next(e for e in ex.events if "Q3861" in e.venues)
    assert "سليم الراشدي" in names(ex, doha.participants)


def test_refugees_in_a_country_do_not_make_it_a_venue(extractor):
    text = "والتقى وزير الخارجية سليم الراشدي الرئيس خالد العمري، وبحث الجانبان ملف اللاجئين السودانيين في كينيا."
    ex = run(extractor, text, "ar")
    assert "Kenya" not in venues(ex)


def test_envoy_with_a_region_mandate_and_appositive_name(extractor):
    text = "والتقى الوزير في أنقرة المبعوث الخاص للأمم المتحدة إلى منطقة القرن الأفريقي، جان بيير لوران، أمس."
    ex = run(extractor, text, "ar")
    assert [(name(ex, r.envoy), name(ex, r.principal)) for r in ex.envoys] == [
        ("جان بيير لوران", "United Nations")
    ]


def test_headline_subject_before_host_verb_hosts_and_guests_after_between_do_not(extractor):
    ex = run(extractor, "مصر تستضيف لقاء مصالحة بين السودان وكينيا", "ar")
    assert mediators(ex) == {"Egypt"}


def test_his_country_will_continue_its_mediation_points_to_the_speakers_state(extractor):
    text = "وقال وزير الخارجية القطري سليم الراشدي إن بلاده ستواصل وساطتها حتى التوصل إلى اتفاق."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Qatar"}


def test_building_with_a_common_word_name_after_a_preposition(extractor):
    ex = run(extractor, "ستعقد المحادثات بين السودان وكينيا في قصر الشعب بالخرطوم.", "ar")
    assert "قصر الشعب" in venues(ex)


def test_indirect_talks_through_mediation_are_not_negated(extractor):
    text = "تجري المحادثات بين السودان وكينيا بشكل غير مباشر عبر وساطة قطرية في الدوحة."
    ex = run(extractor, text, "ar")
    assert mediators(ex) == {"Qatar"}
    assert "Doha" in venues(ex)


def test_a_mediation_that_did_not_succeed_still_has_its_mediator(extractor):
    ex = run(extractor, "لم تنجح الوساطة القطرية بين السودان وكينيا.", "ar")
    assert mediators(ex) == {"Qatar"}
