"""Fixed wording of synthetic documents: places, unit names and the national table layouts.

Only what the four real documents cannot supply lives here (they name four places); the
functional lines, economic lines, indicators and project names are taken from the corpus
(`params.fit`).
"""

from __future__ import annotations

# (province, prefecture, county or None for a prefecture-level government)
PLACES = (
    ("陕西省", "宝鸡市", "千阳县"), ("陕西省", "宝鸡市", "陇县"), ("陕西省", "咸阳市", None),
    ("陕西省", "咸阳市", "礼泉县"), ("陕西省", "渭南市", "蒲城县"), ("陕西省", "汉中市", "城固县"),
    ("四川省", "达州市", "渠县"), ("四川省", "达州市", "大竹县"), ("四川省", "南充市", None),
    ("四川省", "绵阳市", "三台县"), ("四川省", "宜宾市", "江安县"), ("山西省", "吕梁市", "汾阳市"),
    ("山西省", "吕梁市", "孝义市"), ("山西省", "晋中市", None), ("山西省", "长治市", "襄垣县"),
    ("甘肃省", "天水市", "秦安县"), ("河南省", "洛阳市", "宜阳县"), ("湖北省", "襄阳市", None),
)
# (unit name suffix, scope, administrative body: has 机关运行经费)
UNIT_KINDS = (
    ("人力资源和社会保障局", "department", True),
    ("社会保险中心", "unit", False),
    ("城乡居民社会养老保险管理局", "unit", False),
    ("劳动就业服务中心", "unit", False),
    ("医疗保障局", "department", True),
    ("劳动人事争议仲裁院", "unit", False),
)

# 公开01表 / 公开04表 right-hand side: the 类 of the national functional classification.
NATIONAL_CLASSES = (
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"),
    ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
    ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"), ("231", "债务还本支出"), ("232", "债务付息支出"),
    ("234", "抗疫特别国债安排的支出"),
)
# 公开01表 left-hand side (收入), rows 1–8 of the national format.
T01_INCOME = ("一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入",
              "三、国有资本经营预算财政拨款收入", "四、上级补助收入", "五、事业收入", "六、经营收入",
              "七、附属单位上缴收入", "八、其他收入")
CN_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
               "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三",
               "二十四", "二十五", "二十六")

GOAL_TEXT = "按计划完成年度工作任务，保障各项业务正常开展，提升公共服务水平。"
DONE_TEXT = "各项工作任务按计划完成，资金使用规范，达到预期绩效目标。"
DEVIATION = "受客观因素影响未完全达到预期"
