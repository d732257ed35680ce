from decimal import Decimal as D

from workbook.scoring import Node, chain, sub_estimate


def test_the_chain_multiplies_weights_down_the_tree():
    # area A (60 %): indicator 1 (100 %) = 50 % × 80 + 50 % × 100 = 90
    # area B (40 %): indicator 2 (100 %) = 100 % × 70 = 70 → total 0,6 × 90 + 0,4 × 70 = 82
    areas = [
        Node(1, D(60), [Node(11, D(100), [Node(111, D(50)), Node(112, D(50))])]),
        Node(2, D(40), [Node(21, D(100), [Node(211, D(100))])]),
    ]
    result = chain(areas, {111: D(80), 112: D(100), 211: D(70)})
    assert result.total == D(82)
    assert result.values[1] == D(90)
    assert result.equal_weights is False


def test_missing_weights_share_equally_and_say_so():
    areas = [Node(1, None, [Node(11, None, [Node(111, None), Node(112, None)])])]
    result = chain(areas, {111: D(80), 112: D(90)})
    assert round(result.total, 2) == D("85.00")
    assert result.equal_weights is True


def test_a_sub_indicator_without_a_value_counts_zero():
    areas = [Node(1, D(100), [Node(11, D(100), [Node(111, D(50)), Node(112, D(50))])])]
    assert chain(areas, {111: D(80)}).total == D(40)


def test_documents_give_the_three_values_where_no_value_is_recorded():
    states = ["diterima", "diajukan", "belum", "ditolak"]
    estimate = sub_estimate(None, None, states)
    assert estimate.verified == D(25)  # 1 of 4 accepted
    assert estimate.self_assessed == D(50)  # 2 of 4 delivered
    assert estimate.if_accepted == D(50)


def test_recorded_values_win_and_if_accepted_never_falls_below_verified():
    estimate = sub_estimate(D(80), D(75), ["diterima", "belum"])
    assert (estimate.self_assessed, estimate.verified) == (D(80), D(75))
    assert estimate.if_accepted == D(75)


def test_an_opds_mcp_weighs_its_verified_sub_indicators_by_their_share_of_the_total():
    from workbook.scoring import owned_score

    # Shares: 111 = 60 % × 100 % × 25 % = 0,15; 112 = 0,45; 211 = 40 % × 100 % × 100 % = 0,4.
    areas = [
        Node(1, D(60), [Node(11, D(100), [Node(111, D(25)), Node(112, D(75))])]),
        Node(2, D(40), [Node(21, D(100), [Node(211, D(100))])]),
    ]
    verified = {111: D(40), 112: D(80), 211: D(10)}
    # Owns 111 and 211: (0,15 × 40 + 0,4 × 10) / 0,55 = 18,18…
    result = owned_score(areas, verified, {111, 211})
    assert round(result.value, 2) == D("18.18")
    assert (result.basis, result.owned, result.equal_weights) == (2, 2, False)
    # An owned sub-indicator without a verified value is not counted, only reported.
    result = owned_score(areas, {111: D(40), 112: D(80)}, {111, 211})
    assert (result.value, result.basis, result.owned) == (D(40), 1, 2)
    assert owned_score(areas, {}, {111}).value is None


def test_an_opds_mcp_says_when_equal_weights_stood_in_on_its_path():
    from workbook.scoring import owned_score

    areas = [
        Node(1, None, [Node(11, D(100), [Node(111, D(100))])]),
        Node(2, None, [Node(21, D(100), [Node(211, D(0))])]),
    ]
    assert owned_score(areas, {111: D(70)}, {111}).equal_weights is True
    # A sub-indicator weighing 0 alone: the plain mean rather than a division by zero.
    assert owned_score(areas, {211: D(30)}, {211}).value == D(30)
