// Everything is in the header, inline, so that Swift can inline it too.
#include "CLineMarks.h"
