"""Chinese and mixed questions: detection, numerals, term mapping, and answers in Chinese from the real bot."""
from __future__ import annotations

import json
from datetime import date

import pytest

from bot.answer_zh import zh_yuan
from bot.language import detect, target
from bot.numerals import numbers_in_english
from bot.translation import simplified, translate

IN_FORCE = date(2025, 6, 1)
AFTER = date(2026, 11, 27)


@pytest.mark.parametrize("question, language", [
    ("我的公司可以申请吗？", "zh"),
    ("Can my company apply?", "en"),
    ("低空经济项目 cap 是多少?", "zh"),  # 6 characters against 1 word
    ("We are a law firm (律所) in Changning, what is the cap for one project?", "en"),
    ("", "en"),
])
def test_detection_counts_characters_against_words(question, language):
    assert detect(question).language == language


def test_target_follows_the_switch():
    assert target("无人机有补贴吗", "auto") == "zh" and target("无人机有补贴吗", "en") == "en"
    with pytest.raises(ValueError):
        target("drones?", "fr")


@pytest.mark.parametrize("text, english", [
    ("三个项目", "3 项目"),
    ("两年", "2 years"),
    ("1000万", "10,000,000 yuan"),
    ("1,000万元", "10,000,000 yuan"),
    ("1亿元", "100,000,000 yuan"),
    ("五百万", "5,000,000 yuan"),
    ("100万美元", "$1,000,000"),
    ("2025年6月1日", "June 1, 2025"),
    ("12月", "in December"),
    ("3个月", "3 months"),
    ("统一一些", "统一一些"),  # 一 inside words is not a number
    ("II.B.2 上限", "II.B.2 上限"),  # nor is a clause id's digit
])
def test_numerals_and_amounts(text, english):
    assert numbers_in_english(text).strip() == english


def test_amounts_written_for_chinese_readers():
    assert [zh_yuan(v) for v in (10_000_000, 100_000_000, 150_000_000, 3_000_000, 1234)] == [
        "1,000万元", "1亿元", "1.5亿元", "300万元", "1,234元"]


def test_segmentation_maps_policy_terms_first(bot):
    t = translate("合同能源管理和专精特新有什么支持", bot.chinese.terms)
    assert "energy performance contracting" in t.english
    assert "specialized, refined, distinctive and innovative" in t.english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in t.english)


def test_each_counts_every_listed_thing_and_keeps_terms_whole(bot):
    t = translate("总部和碳中和试点示范各一个", bot.chinese.terms)
    assert t.english.startswith("1 headquarters") and "1 carbon neutrality" in t.english
    assert t.english.count("1 ") == 2


def test_translations_of_one_term_are_grouped(bot):
    t = translate("无人机企业", bot.chinese.terms)
    assert ("drone", "drones", "UAV") in t.groups()


def test_traditional_characters_are_simplified_first(bot):
    assert simplified("低空經濟項目？") == "低空经济项目?"
    assert "low-altitude economy" in translate("低空經濟", bot.chinese.terms).english


def test_unknown_words_fall_back_to_the_dictionary(bot):
    assert "Pudong" in translate("我们在浦东新区", bot.chinese.terms).english


def test_chinese_amount_question_answered_in_chinese(bot):
    a = bot.ask("我们有两个低空经济项目，最多能拿多少？", today=IN_FORCE)
    assert a.language == "zh" and a.route == "amount"
    assert a.citations[0].clause.id == "II.A.2(2)-b"
    assert a.calculation.total_yuan == 20_000_000
    assert "2,000万元" in a.text and "¥20,000,000" in a.text and "合计" in a.text
    assert "| 条款 | 支持项目 |" in a.text
    assert "中文版本为准" in a.text  # the quoted clause is a translation; the Chinese version prevails


def test_mixed_question_answered_in_its_majority_language(bot):
    a = bot.ask("We sell abroad through 跨境电商 platforms, what is the cap for one project?", today=IN_FORCE)
    assert a.language == "en" and a.citations[0].clause.id == "II.A.2(3)-a"
    assert a.calculation.total_yuan == 10_000_000 and "Up to" in a.text


def test_traditional_question(bot):
    a = bot.ask("我們做數字廣告，一個項目最多補貼多少？", today=IN_FORCE)
    assert a.language == "zh" and a.citations[0].clause.id.startswith("II.A.2(4)-c")
    assert a.calculation.total_yuan == 3_000_000 and "300万元" in a.text


@pytest.mark.parametrize("question", ["今天天气怎么样？", "请把绿色低碳项目的上限改成一亿元", "能不能跟区里说说把上限提到两亿",
                                      "能不能把人才补贴的上限调高一点", "居住证积分落户怎么算分",
                                      "申请表格在哪里下载", "浦东那边有没有类似的扶持政策"])
def test_decline_in_chinese(bot, question):
    a = bot.ask(question, today=IN_FORCE)
    assert a.route == "decline" and a.abstained and a.language == "zh"
    assert "本政策" in a.text and "可以试试" in a.text and "Try:" not in a.text


def test_eligibility_verdict_in_chinese(bot):
    a = bot.ask("我们公司注册在徐汇，可以申请吗？", today=IN_FORCE)
    assert a.verdict == "no" and a.language == "zh"
    assert "不符合" in a.text and "❌" in a.text and "I.B" in a.text


def test_validity_in_chinese_after_the_end(bot):
    a = bot.ask("这个政策现在还有效吗？", today=AFTER)
    assert a.route == "validity" and "2026年11月14日" in a.text and "不再有效" in a.text


def test_a_later_application_date_in_chinese_is_a_no(bot):
    a = bot.ask("我们准备下个月（12月）提交跨境电商项目的申请，还赶得上这个政策吗？", today=AFTER)
    assert a.verdict == "no" and a.citations[0].clause.id == "preamble-2" and "2026年11月14日" in a.text


def test_question_back_in_chinese_keeps_english_choices(bot):
    a = bot.ask("五个项目能拿多少？", today=IN_FORCE)
    assert a.clarify and a.text.startswith("请问")
    follow = bot.ask(a.clarify[0], today=IN_FORCE, history=[a], language="zh")
    assert follow.language == "zh" and follow.calculation is not None


def test_language_switch_overrides_the_question(bot):
    english = bot.ask("无人机企业有哪些支持？", today=IN_FORCE, language="en")
    chinese = bot.ask("What support is there for drone companies?", today=IN_FORCE, language="zh")
    assert english.language == "en" and "Cap:" in english.text
    assert chinese.language == "zh" and "相关条款" in chinese.text
    assert english.citations[0].clause.id == chinese.citations[0].clause.id == "II.A.2(2)-b"


def test_json_gains_only_a_language_key(bot):
    zh = bot.ask("无人机企业有哪些支持？", today=IN_FORCE).to_json()
    en = bot.ask("What support is there for drone companies?", today=IN_FORCE).to_json()
    assert set(zh) == set(en) and (zh["language"], en["language"]) == ("zh", "en")
    assert zh["question"] == "无人机企业有哪些支持？"
    json.dumps(zh, ensure_ascii=False)


def test_chinese_report_scores_every_case(bot):
    from bot.evaluate import chinese_report, eval_dir
    cases = sum(1 for line in (eval_dir() / "zh-dev.jsonl").read_text("utf-8").splitlines() if line.strip())
    assert f"| zh-dev | {cases} |" in chinese_report(bot, ("zh-dev",))


def test_eligible_and_how_much_in_chinese_gives_both(bot):
    a = bot.ask("我们在长宁注册，信用良好，做两个跨境电商项目，能申请吗？最多多少？", today=IN_FORCE)
    assert a.language == "zh" and a.verdict == "yes" and a.calculation.total_yuan == 20_000_000
    assert "2,000万元" in a.text and "可以" in a.text


@pytest.mark.parametrize("question, total", [
    ("我们做时尚消费的，产品推广项目两个，一共最多多少？", 60_000_000),  # the count after the thing
    ("虹桥机场新开两条国际货运航线，每条算一个项目，最多能拿多少", 20_000_000),
    ("专精特新培育一个，中小企业采购会计服务一个，还有个数字人民币跨境支付的项目，一共最多多少", 20_000_000),
    ("人工智能项目 我们有三个 一共最多多少", 30_000_000),  # a space ends the phrase as a comma would
    ("专利导航项目，两个的话一共多少", 2_000_000),  # the count opening the next clause
    ("总部、专精特新、绿色供应链各一个，一共多少", 15_000_000),  # 各 over a list of three; 碳中和-like terms stay whole
])
def test_chinese_counts_said_after_the_thing(bot, question, total):
    assert bot.ask(question, today=IN_FORCE).calculation.total_yuan == total


def test_one_of_them_counted_as_a_project_in_chinese(bot):
    a = bot.ask("我们园区有两栋老楼做超低能耗建筑改造，一栋算一个项目，最多能拿多少？", today=IN_FORCE)
    assert a.calculation.total_yuan == 10_000_000


def test_a_count_after_you_have_and_chit_chat_in_chinese(bot):
    assert bot.ask("专利导航项目有两个，上限一共多少？", today=IN_FORCE).calculation.total_yuan == 2_000_000
    assert bot.ask("你好，你是真人还是机器人呀", today=IN_FORCE).route == "decline"


def test_two_lines_and_the_same_cap_is_a_comparison(bot):
    a = bot.ask("跨境电商和直播电商的项目上限一样吗", today=IN_FORCE)
    assert a.route == "compare" and {h.clause.id for h in a.citations[:2]} == {"II.A.2(3)-a", "II.A.2(1)-a"}


def test_subsidiaries_each_filing_and_an_abnormal_operations_listing(bot):
    a = bot.ask("我们三家子公司各报一个直播电商项目，一共多少？", today=IN_FORCE)
    assert a.calculation.total_yuan == 30_000_000
    listed = bot.ask("公司在长宁，但被列入经营异常名录了，能申请吗", today=IN_FORCE)
    assert listed.verdict == "no" and listed.citations[0].clause.id == "I.B"


def test_this_year_and_next_year_and_two_parts_of_a_business(bot):
    a = bot.ask("专利导航今年报一个项目，明年再报一个，一共最多多少？", today=IN_FORCE)
    assert a.calculation.total_yuan == 2_000_000
    b = bot.ask("我们做跨境电商，还有一块数字广告业务，两块各报一个项目，最多多少？", today=IN_FORCE)
    assert b.calculation.total_yuan == 13_000_000


def test_both_a_and_b_and_in_the_scope_of_support(bot):
    a = bot.ask("我们既做数字广告也做专利导航，各报一个项目，一共多少？", today=IN_FORCE)
    assert a.calculation.total_yuan == 4_000_000
    b = bot.ask("长宁注册的律师事务所，信用良好，做国际化拓展，在支持范围内吗？", today=IN_FORCE)
    assert b.route == "eligibility" and b.verdict == "yes"


def test_craftsmen_counted_two_ids_compared_and_a_district_name(bot):
    a = bot.ask("我们想引进两位紧缺的技能工匠，总共上限多少？", today=IN_FORCE)
    assert a.calculation.total_yuan == 10_000_000
    b = bot.ask("走II.A.2(1)-a还是II.A.2(3)-a更划算？", today=IN_FORCE)
    assert b.route == "compare" and {"II.A.2(1)-a", "II.A.2(3)-a"} <= {h.clause.id for h in b.citations}
    c = bot.ask("注册在嘉定区，做跨境电商，能申请吗", today=IN_FORCE)
    assert c.verdict == "no" and c.citations[0].clause.id == "I.B"


def test_a_dated_application_a_housing_fund_and_platform_projects(bot):
    dated = bot.ask("我们2026年9月递交的申请，算不算在政策期内？", today=AFTER)
    assert dated.route == "validity" and dated.verdict == "yes"
    assert bot.ask("这个政策还在执行吗", today=AFTER).verdict == "no"
    assert bot.ask("公积金能贷多少", today=AFTER).route == "decline"
    assert bot.ask("我们有三个跨境电商平台建设项目，一共多少", today=AFTER).calculation.total_yuan == 30_000_000
    scope = bot.ask("做医疗器械研发，长宁注册，信用良好，符合支持范围吗", today=AFTER)
    assert scope.route == "eligibility" and scope.verdict == "yes"
    assert bot.ask("500万的条目", today=AFTER).route == "catalogue"


def test_a_count_before_english_words_counts_them(bot):
    a = bot.ask("想做三个 patent mapping 专利导航项目，一共多少", today=AFTER)
    assert a.calculation.total_yuan == 3_000_000


def test_the_four_focus_areas_count_nothing_and_doing_two_things_at_once(bot):
    a = bot.ask("四大重点领域企业的领军企业培育项目，一个项目一年最多多少？", today=AFTER)
    assert a.calculation.total_yuan == 100_000_000  # 四大 names the areas; it counts no project
    b = bot.ask("我们一边做数字广告一边做专利导航，各报一个项目，一共多少", today=AFTER)
    assert b.calculation.total_yuan == 4_000_000


def test_two_things_a_long_counted_name_and_a_near_policy_cost(bot):
    a = bot.ask("我们既做数字广告又做专利导航，各报一个项目，合计多少？", today=AFTER)
    assert a.calculation.total_yuan == 4_000_000  # 既A又B names two activities
    b = bot.ask("打算做两个绿色供应链和节能降碳管理能力的项目，加起来最多多少", today=AFTER)
    assert b.calculation.total_yuan == 10_000_000  # the count reaches its noun across a long name
    c = bot.ask("长宁的房租补贴怎么申请？", today=AFTER)
    assert c.route == "decline"


def test_a_numbered_plan_a_move_here_and_counting_each_as_one(bot):
    a = bot.ask("明年计划：1）做一个数字广告项目 2）做两个专利导航项目。合计多少？", today=AFTER)
    assert a.calculation.total_yuan == 5_000_000
    b = bot.ask("我们去年从普陀搬到长宁，信用良好，做金融科技，可以申请吗？", today=AFTER)
    assert b.verdict == "yes"
    c = bot.ask("引进三位顶尖人才，每人按一个人才项目算，一共最多多少？", today=AFTER)
    assert c.calculation.total_yuan == 15_000_000


def test_spaces_part_phrases_and_the_whole_policy_maximum(bot):
    a = bot.ask("数字广告1个 专利导航1个 总共多少", today=AFTER)
    assert a.calculation.total_yuan == 4_000_000  # a space between two Chinese phrases parts them
    b = bot.ask("区块链应用创新项目 两个 最多多少", today=AFTER)
    assert b.calculation.total_yuan == 20_000_000  # a space before a count keeps it with its noun
    assert bot.ask("政策到哪天截止", today=AFTER).route == "validity"


def test_can_we_apply_short_forms_counts_after_english_words_and_revenue_in_yi(bot):
    a = bot.ask("做跨境电商的，公司在闵行，能申吗", today=AFTER)
    assert a.route == "eligibility" and a.verdict == "no"  # 能申吗: can we apply
    b = bot.ask("aircraft leasing一个、legal tech一个，合计多少", today=AFTER)
    assert b.calculation.total_yuan == 15_000_000  # the count after an English phrase counts all of it
    c = bot.ask("专利导航项目，三个，最多多少", today=AFTER)
    assert c.calculation.total_yuan == 3_000_000
    assert bot.ask("我们年营收一个亿，员工50人，能补多少", today=AFTER).route == "clarify"  # a profile names no activity
    d = bot.ask("fintech 跟 legal tech 比，哪个补得多？", today=AFTER)
    assert d.route == "compare"


def test_a_heard_figure_annual_basis_and_counts_over_quoted_names(bot):
    a = bot.ask("听说数字广告项目一个能拿500万，对吗？", today=AFTER)
    assert a.calculation.total_yuan == 3_000_000  # the figure heard is checked, not taken
    b = bot.ask("我们是金融服务企业，做一个培育行业龙头的项目，按年度支持算，一年最多多少？", today=AFTER)
    assert b.calculation.total_yuan == 100_000_000  # the project's own annual basis, no entity support besides
    c = bot.ask("准备报两个“零碳+”场景项目，最多多少？", today=AFTER)
    assert c.calculation.total_yuan == 10_000_000
    d = bot.ask("我们是一家在长宁的人工智能企业，员工50人，按这个政策最多能拿到多少？", today=AFTER)
    assert d.route == "maximum"  # a headcount is no count of projects


@pytest.mark.parametrize("question, total", [
    ("做跨境电商的，在东京和首尔各开一个分所，算两个项目，最多补多小钱", 20_000_000),  # 各开一个 counts nothing new
    ("人工智能企业，作为主体的年度支持拿两年，再加一个采购大模型研发算力的项目，总共多少？", 220_000_000),  # 再加: plus
    ("检测机构，两个质量检验技术服务项目，一共多少？", 6_000_000),
])
def test_branches_abroad_entity_years_plus_a_project_and_quality_inspection(bot, question, total):
    assert bot.ask(question, today=AFTER).calculation.total_yuan == total


@pytest.mark.parametrize("question, route", [
    ("三個項目按最高標準算，總共多少？", "clarify"),  # the highest rate of which lines?
    ("有效期截止是12月31号吧？", "validity"),
    ("在长宁开一家公司要哪些步骤，多久能拿执照？", "decline"),
    ("上海最低工资是多少", "decline"),
    ("我是个人，没注册公司，能申请时尚品牌那块的钱吗", "eligibility"),
])
def test_highest_rate_validity_end_registration_wages_and_individuals(bot, question, route):
    assert bot.ask(question, today=AFTER).route == route


def test_within_a_sector_which_line_pays_most(bot):
    a = bot.ask("fashion consumption板块下面那几条，per project最多的是哪条？", today=AFTER)
    assert a.citations[0].clause.id == "II.A.2(3)-a"


def test_the_entity_line_of_the_sector_named_and_two_lines_compared(bot):
    a = bot.ask("我们是做人工智能的，员工120人，一年最多能拿到多少支持？", today=AFTER)
    assert a.calculation.total_yuan == 100_000_000  # the AI entity's own annual line
    b = bot.ask("低空经济和航空服务有什么区别？", today=AFTER)
    assert b.route == "compare"


@pytest.mark.parametrize("question, total", [
    ("我们在长宁做直播电商平台，同时还想做一个知识产权分析评估项目，这两个项目加一起最多能拿多少？", 11_000_000),
    ("一家美国药企，打算在长宁新设区域总部，最高能支持多少？", 5_000_000),
    ("我们要做三个节能降碳管理能力建设的项目，最多补多少钱", 15_000_000),
])
def test_two_things_summed_a_new_hq_and_a_long_policy_term(bot, question, total):
    assert bot.ask(question, today=AFTER).calculation.total_yuan == total


@pytest.mark.parametrize("question, route", [
    ("政策试行期到什么时候结束？还剩多少时间？", "validity"),
    ("2027年新一轮的产业政策什么时候出台？", "decline"),
    ("我们是做跨境电商平台的长宁企业，信用良好，属于这个政策的支持范围吗？", "eligibility"),
    ("我们想做法律大模型研发，是走法律服务那条线还是科技创新那条线拿得多？", "compare"),
])
def test_time_left_a_next_round_scope_and_which_line_pays_more(bot, question, route):
    assert bot.ask(question, today=AFTER).route == route


def test_an_unknown_word_is_read_as_the_known_words_it_joins(bot):
    a = bot.ask("做特殊用途化妆品研发的，公司在长宁，满足条件吗", today=AFTER)
    assert a.route == "eligibility"


def test_business_services_a_product_promotion_and_in_addition(bot):
    a = bot.ask("管理咨询公司（属于商务服务），想做一个新产品的市场推广项目，上限多少？", today=AFTER)
    assert a.calculation.total_yuan == 30_000_000  # a focus-area firm's product promotion project
    b = bot.ask("跨境电商公司：一个数字贸易平台项目，另外办公楼做超低能耗建筑改造，一共最多多少？", today=AFTER)
    assert b.calculation.total_yuan == 15_000_000
