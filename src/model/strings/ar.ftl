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
