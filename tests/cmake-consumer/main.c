/* SPDX-License-Identifier: MIT */
/* Prints the library's version and Gupta & Lehmann's (2003) margin multiple at r = 0.8,
 * d = 0.1 (2.667), so the caller can check which library it ran against. */
#include <clv.h>
#include <stdio.h>

int main(void) {
    double m = 0.0;
    if (clv_margin_multiple(0.8, 0.1, 1.0 / 0.0, CLV_MARGIN_END, &m) != CLV_OK) {
        return 1;
    }
    printf("%d %.3f\n", clv_version(), m);
    return 0;
}
