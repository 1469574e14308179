#include <libxml/xmlversion.h>
/* Swift's Foundation ships its own ICU, whose declarations clash with the system ICU headers that
   libxml2 includes when built with ICU. Earshot uses no ICU-dependent libxml2 declaration (only the
   layout of xmlCharEncodingHandler depends on it, and it is never used from Swift). */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
