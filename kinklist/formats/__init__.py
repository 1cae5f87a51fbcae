"""The site's own date formats, where Django's for a language are not the ones its pages write
(FORMAT_MODULE_PATH). Pages name a format ("DATE_FORMAT"), never spell one, so each language writes dates its
own way: German and Spanish keep Django's."""
