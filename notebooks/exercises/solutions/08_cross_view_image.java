/** Mean over ordered pairs i ≠ j of 1 − S(image_j, DRR_j(T̂_i·C_ij)). */
double crossViewImage(Renderer renderer, List<CaseView> views, Rigid[] predicted, ImageSimilarity similarity) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < views.size(); i++) {
        for (int j = 0; j < views.size(); j++) {
            if (i == j) continue;
            CaseView vj = views.get(j);
            Rigid cij = views.get(i).camRefFromCam().inverse().compose(vj.camRefFromCam());
            Image drr = renderer.render(vj.camera(), predicted[i].compose(cij));   // view j as view i's prediction sees it
            sum += 1 - similarity.value(vj.image(), drr, vj.mask());
            pairs++;
        }
    }
    return sum / pairs;
}
