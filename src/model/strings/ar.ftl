# واجهة Dossier بالعربية (صيغة Fluent). يمكن للموقع أن يستبدل أيّاً منها في i18n/ar.toml.
skip-link = انتقل إلى المحتوى
theme-dark = المظهر الداكن
theme-light = المظهر الفاتح
search-label = ابحث في الموقع
search-placeholder = بحث
search-hint = تظهر النتائج أثناء الكتابة. يتنقّل السهم السفلي بينها، ويفتح مفتاح الإدخال النتيجة، ويمسح مفتاح الهروب البحث.
nav-label = الأقسام
nav-explainer = الشرح
nav-background = خلفيات
nav-timeline = التسلسل الزمني
nav-glossary = المسرد
background-summary = السياق والتاريخ وراء القصة.
timeline-summary = أحداث القصة، من الأقدم إلى الأحدث.
timeline-index-summary = أحداث القصة، في صفحة لكل عام.
timeline-year-title = التسلسل الزمني: { $year }
timeline-year-summary = أحداث عام { $year }، من الأقدم إلى الأحدث.
credits-title = حقوق الصور
credits-summary = كل صورة يعرضها هذا الموقع، مع مصدرها وترخيصها.
glossary-summary = الأشخاص والجماعات والأماكن والمصطلحات الواردة في القصة، مرتّبة أبجدياً.
not-found = الصفحة غير موجودة
contents = المحتويات
sources = المصادر
sources-label = المصادر:
source = المصدر
as-of = حتى تاريخ
updated = حُدّث في
published = نُشر في
published-by = نشره
built-with = أُنشئ باستخدام Dossier.
feed-title = { $site }: التحديثات
key-events = أبرز الأحداث
link-to-event = رابط هذا الحدث: { $title }
link-to-event-label = رابط هذا الحدث:
link-to-term = رابط هذا المصطلح: { $title }
update = تحديث
correction = تصحيح
clarification = توضيح
updates = التحديثات والتصحيحات
callout-note = ملاحظة
callout-tip = نصيحة
callout-important = مهم
callout-warning = تحذير
callout-caution = تنبيه
table = الجدول { $n }
languages = اللغات
language-name = العربية
fallback = لم تُترجم هذه الصفحة بعد، فهي معروضة بلغتها الأصلية.
stale = تستند هذه الترجمة إلى نسخة الأصل بتاريخ { $date }. وقد تغيّر الأصل منذ ذلك الحين:
stale-none = تغيّر الأصل منذ إعداد هذه الترجمة؛ راجع النص الأصلي للاطلاع على أحدث صيغة.
stale-original = اقرأ النص الأصلي
results = { $n ->
    [zero] لا نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $n } نتائج
   *[other] { $n } نتيجة
}
colon = :
by = بقلم
first-published = نُشر أول مرة في
what-changed = ما الذي تغيّر
further-sources = مصادر إضافية
no-background = لا توجد صفحات خلفية بعد.
no-events = لا توجد أحداث بعد.
no-terms = لا توجد مصطلحات بعد.
years = السنوات
list-separator = {"، "}
list-semicolon = {"؛ "}
map-overview-title = أماكن التسلسل الزمني
map-overview-label = خريطة الأماكن الواردة في التسلسل الزمني
map-locator-title = خريطة: { $places }
all-years = كل السنوات
other-years = سنوات أخرى
event-count = { $count ->
    [zero] لا أحداث
    [one] حدث واحد
    [two] حدثان
    [few] { $count } أحداث
    [many] { $count } حدثاً
   *[other] { $count } حدث
}
letters = الحروف
show-events-about = اعرض الأحداث المتعلقة بـ:
all = الكل
also = ويُعرف أيضاً بـ:
kind-person = شخص
kind-organization = منظمة
kind-place = مكان
kind-agreement = اتفاق
kind-operation = عملية
kind-concept = مفهوم
mentioned-in = { $n ->
    [one] ورد في موضع واحد
    [two] ورد في موضعين
    [few] ورد في { $n } مواضع
   *[other] ورد في { $n } موضعاً
}
image-credits = حقوق الصور
about-site = عن هذا الموقع
back-to-source = العودة إلى موضع الاستشهاد بالمصدر { $n }
in-section = ، في «{ $section }»
back-to-citations = العودة إلى مواضع الاستشهاد بالمصدر { $n }:
back-to-citations-in = في «{ $section }»:
in-section-label = في
fallback-entry = لم يُترجم بعد، ويُعرض بلغته الأصلية.
link-to-section = رابط هذا القسم
chart-as-of = البيانات حتى تاريخ
chart-csv = تنزيل البيانات (CSV)
chart-table = اعرض البيانات في جدول
chart-data = البيانات: { $title }
places = الأماكن
# يكتبها المتصفح (search.js وdossier.js)، وتُرسل إلى الصفحة كل صيغ الجمع.
search-loading = جارٍ تحميل البحث…
search-failed = تعذّر تحميل البحث.
search-none = لا نتائج عن «{ $query }».
search-results = { $n ->
    [zero] لا نتائج.
    [one] نتيجة واحدة.
    [two] نتيجتان.
    [few] { $n } نتائج.
   *[other] { $n } نتيجة.
}
search-partial = لا تحوي أي صفحة كل الكلمات؛ { $n ->
    [one] نتيجة واحدة تحوي
    [two] نتيجتان تحويان
    [few] { $n } نتائج تحوي
   *[other] { $n } نتيجة تحوي
} بعضها.
search-first = يُعرض أول { $n } منها.
filter-status = { $n ->
    [zero] لا أحداث
    [one] يُعرض حدث واحد
    [two] يُعرض حدثان
    [few] تُعرض { $n } أحداث
    [many] يُعرض { $n } حدثاً
   *[other] يُعرض { $n } حدث
}: { $group }
term-full-entry = المدخل كاملاً
# مدخلات موجز Atom وأسماء schema.org.
feed-entry = { $kind }: { $summary }
feed-summary = { $kind } في «{ $page }»: { $summary }
jsonld-timeline = التسلسل الزمني: { $site }
jsonld-glossary = المسرد: { $site }
# زر المحتوى المضمّن قبل تحميل مشغّل الموقع المستضيف.
embed-play = تشغيل «{ $title }»
embed-host = (يحمّل محتوى من { $host })
# قائمة حقوق الصور.
credits-every = كل الصور ومصادرها
credits-shown-on = تظهر في
credits-none = لا تعرض أي صفحة في هذا الموقع صورة منسوبة إلى مصدر.
# تسميات روابط العودة إلى مواضع الاستشهاد بالمصدر، بترتيب أبجد هوّز.
backref-letters = أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ
